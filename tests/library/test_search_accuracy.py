"""Ranking accuracy on a labelled set of user descriptions (both languages, colloquial, typos)."""

from __future__ import annotations

import pytest
import yaml

from okhelp.library import learned
from okhelp.library.catalog import load_catalog
from okhelp.library.search import Index
from tests.helpers import DATA
from tools import train_routing

SET = yaml.safe_load((DATA / "descriptions.yaml").read_text(encoding="utf-8"))


def test_the_set_has_five_or_more_per_guide_in_both_languages() -> None:
    guides = load_catalog({}).guides
    assert len(SET) >= 80
    for guide_id in guides:
        texts = [item["text"] for item in SET if item["guide"] == guide_id]
        assert len(texts) >= 5, guide_id
        assert any(t.isascii() for t in texts) and any(not t.isascii() for t in texts), guide_id


def test_every_item_is_one_labelled_text() -> None:
    """An unquoted comma in a flow mapping silently cuts a text short and adds a stray key."""
    guides = load_catalog({}).guides
    for path in sorted(DATA.glob("*.yaml")):
        if path.name == "time_phrases.yaml" or path.name.startswith("redaction_"):
            continue
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert set(item) == {"guide", "text"}, (path.name, item)
            assert item["guide"] in guides and item["text"].strip(), (path.name, item)


def test_top1_and_top3_accuracy() -> None:
    index = Index(load_catalog({}).guides.values())
    top1 = top3 = 0
    misses = []
    for item in SET:
        ranked = [m.guide.id for m in index.rank(item["text"], 3)]
        top1 += bool(ranked) and ranked[0] == item["guide"]
        top3 += item["guide"] in ranked
        if not ranked or ranked[0] != item["guide"]:
            misses.append(f"{item['text']!r}: expected {item['guide']}, got {ranked}")
    total = len(SET)
    print(f"\ntop-1 {top1}/{total} = {top1 / total:.1%}, top-3 {top3}/{total} = {top3 / total:.1%}")
    print("\n".join(misses))
    assert top1 / total >= 0.98, misses
    assert top3 == total, misses


def _accuracy(name: str) -> tuple[float, float]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    index = Index(load_catalog({}).guides.values())
    ranked = [[m.guide.id for m in index.rank(item["text"], 3)] for item in items]
    top1 = sum(bool(r) and r[0] == item["guide"] for r, item in zip(ranked, items, strict=True))
    top3 = sum(item["guide"] in r for r, item in zip(ranked, items, strict=True))
    return top1 / len(items), top3 / len(items)


def test_held_out_sets_do_not_regress() -> None:
    """Descriptions written apart from the guides; each file's header says when it was measured
    blind and whether it was tuned on since. The goal for unseen text is top-1 >= 97% and
    top-3 >= 99.5% (see the README for the blind measurements). The shipped model is trained on
    all of these sets, so these floors say only that it has not forgotten them: what it does on
    text it has never seen is test_a_set_left_out_of_training_is_ranked_as_well_as_measured."""
    for name, floor1, floor3 in (
        ("heldout.yaml", 0.96, 1.0),
        ("heldout2.yaml", 0.96, 1.0),
        ("heldout3.yaml", 0.96, 1.0),
        ("heldout4.yaml", 0.98, 1.0),
        ("heldout5.yaml", 0.97, 1.0),
        ("heldout6.yaml", 0.95, 1.0),
        ("heldout7.yaml", 0.95, 1.0),
        ("heldout8.yaml", 0.97, 1.0),
        ("heldout9.yaml", 0.95, 1.0),
        ("heldout10.yaml", 0.96, 1.0),
        ("heldout11.yaml", 0.89, 0.96),
        ("heldout14.yaml", 0.97, 0.995),
        ("heldout15.yaml", 0.955, 0.985),
        ("heldout16.yaml", 0.985, 1.0),
        ("heldout17.yaml", 0.95, 0.995),
        ("heldout18.yaml", 0.99, 1.0),
        ("heldout19.yaml", 0.94, 0.99),
        ("heldout20.yaml", 0.99, 0.995),
        ("heldout21.yaml", 0.925, 0.99),
        ("heldout22.yaml", 0.98, 1.0),
        ("heldout23.yaml", 0.975, 1.0),
    ):
        top1, top3 = _accuracy(name)
        print(f"{name}: top-1 {top1:.1%}, top-3 {top3:.1%}")
        assert top1 >= floor1 and top3 >= floor3, (name, top1, top3)


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        # A failed payment is what happened; the money coming back is part of it, not a refund.
        ("付款失败了，扣的钱什么时候退回来", "payment-failed"),
        # A question whether something is safe is advice, though it names the payment password.
        ("支付密码用生日会不会不安全", "account-security"),
        # A typo in the topic word, and "cancel" belongs to transfers and orders as well.
        ("cancel acount pls", "close-account"),
        # 冲值 for 充值 and 到帐 for 到账: "not arrived" is said of payments too.
        ("冲值了没到帐", "top-up"),
        # Worried after a theft, asking how to be safer: advice, not the theft.
        ("my account got stolen once and i'm worried, how can i make it safer", "account-security"),
        ("我的账号之前被盗过，很担心，怎么才能更安全", "account-security"),
        # "Stuck" is the app's word, unless something else is stuck.
        ("withdrawl stuck", "withdrawal"),
        ("my withdrawal is stuck", "withdrawal"),
        ("提现卡住了", "withdrawal"),
        # Typed in pinyin, without a Chinese keyboard: joined, apart, or glued to characters.
        ("denglu验证码收不到 别的短信都能收到", "login"),
        ("tixian mei dao zhang", "withdrawal"),
        ("chongzhi shibai", "top-up"),
        ("mima wangle", "password-reset"),
        ("zhanghao bei dongjie", "account-frozen"),
        ("shouxufei tai gao", "fees"),
    ],
)
def test_the_main_need_outweighs_one_strong_word(text: str, guide: str) -> None:
    """The examples of the issue where one strong word took first place from what was asked."""
    index = Index(load_catalog({}).guides.values())
    ranked = [m.guide.id for m in index.rank(text, 3)]
    assert ranked and ranked[0] == guide, ranked


def test_a_set_left_out_of_training_is_ranked_as_well_as_measured() -> None:
    """The model trained on every labelled file but heldout11.yaml (which no rule was tuned on
    either), ranking heldout11.yaml: text it has never seen. The floors are just under what the
    README gives for it; a change to the features, the training or the weighing that loses
    ground on new text fails here though the shipped model still knows its training files."""
    index = train_routing.builtin_index()
    files = [path for path in train_routing.labelled_files() if path.name != "heldout11.yaml"]
    model = learned.train(train_routing.training_examples(index, files))
    items = train_routing.read_labelled(DATA / "heldout11.yaml")
    top1, top3 = train_routing.ranked_well(Index(index.guides, model=model), items)
    print(f"\nheldout11.yaml left out of training: top-1 {top1}/{len(items)}, top-3 {top3}")
    assert top1 / len(items) >= 0.95 and top3 / len(items) >= 0.98, (top1, top3)
