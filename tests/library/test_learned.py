"""The learned half of the ranking: the model itself, the shipped weights, and how the index
weighs it beside BM25 (the accuracy figures are in test_search_accuracy.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from okhelp.library import learned, search
from okhelp.library.catalog import load_catalog
from okhelp.library.search import Index, is_confident
from tests.helpers.sample_guides import sample_guide
from tools import train_routing

TOY = [
    ({"#frozen": 1.0, "Z:冻结": 1.0}, "account-frozen"),
    ({"#frozen": 1.0, "unlock": 1.0}, "account-frozen"),
    ({"#withdraw": 1.0, "Z:提现": 1.0}, "withdrawal"),
    ({"#withdraw": 1.0, "bank": 1.0}, "withdrawal"),
    ({"#withdraw": 1.0, "#frozen": 1.0, "bank": 1.0}, "withdrawal"),
]


def test_a_trained_model_prefers_the_guide_its_terms_were_seen_with() -> None:
    model = learned.train(TOY, min_count=1)
    frozen = model.probabilities({"#frozen": 1.0})
    assert frozen["account-frozen"] > 0.8
    assert model.probabilities({"#withdraw": 1.0})["withdrawal"] > 0.8
    # seen with both, but more often with a withdrawal, "bank" tips the balance
    both = model.probabilities({"#frozen": 1.0, "#withdraw": 1.0, "bank": 1.0})
    assert both["withdrawal"] > both["account-frozen"]
    assert sum(frozen.values()) == pytest.approx(1.0)


def test_training_is_deterministic_and_keeps_only_terms_seen_twice() -> None:
    first = learned.train(TOY)
    assert first.to_json() == learned.train(TOY).to_json()
    assert set(first.weights) == {"#frozen", "#withdraw", "bank"}  # each seen twice or more


def test_a_model_reads_back_what_it_wrote() -> None:
    model = learned.train(TOY, min_count=1)
    back = learned.Model.from_json(model.to_json())
    assert back.classes == model.classes and back.fingerprint == model.fingerprint
    for features, _ in TOY:
        for guide, p in model.probabilities(features).items():
            assert back.probabilities(features)[guide] == pytest.approx(p, abs=1e-3)


def test_a_model_file_that_does_not_fit_is_refused() -> None:
    data = json.loads(learned.train(TOY).to_json())
    data["bias"] = [0]  # two guides, one bias
    with pytest.raises(ValueError, match="do not match"):
        learned.Model.from_json(json.dumps(data))
    data["format"] = learned.FILE_FORMAT + 1
    with pytest.raises(ValueError, match="retrain"):
        learned.Model.from_json(json.dumps(data))


@pytest.mark.parametrize("row", ["1", "5,100", "0,1,x", "", "-1,100"])
def test_a_damaged_row_is_refused_when_read_and_the_ranking_falls_back_on_bm25(row: str) -> None:
    data = json.loads(learned.train(TOY, min_count=1).to_json())
    data["weights"]["bank"] = row
    model = learned.Model.from_json(json.dumps(data))
    assert model.probabilities({"unlock": 1.0})["account-frozen"] > 0.5  # other rows still read
    with pytest.raises(ValueError, match="do not match"):
        model.probabilities({"bank": 1.0})
    guides = load_catalog({}).guides.values()
    damaged = Index(guides, model=model).rank("bank withdrawal", 3)
    assert damaged == Index(guides, model=None).rank("bank withdrawal", 3)


def test_the_weights_are_stored_sparse_with_no_probability_changed() -> None:
    # Moving a term's weights so their median is 0 changes no probability; only those within
    # the pruning distance of it are dropped.
    dense = learned.train(TOY, min_count=1, prune=0.0)
    sparse = learned.train(TOY, min_count=1, prune=learned.PRUNE_BELOW)
    for features, _ in TOY:
        for guide, p in dense.probabilities(features).items():
            assert sparse.probabilities(features)[guide] == pytest.approx(p, abs=0.05)
    shipped = learned.shipped()
    assert shipped is not None
    for feature in shipped.weights:  # every shipped row decodes, none holds every guide
        row = shipped.weights[feature]
        assert 0 < len(row) < 2 * len(shipped.classes), feature


def test_the_shipped_weights_are_the_ones_the_labelled_files_give() -> None:
    # Changing a built-in guide's words, the search terms or a labelled file changes what the
    # model should be: the fingerprint of the training examples says whether it was retrained.
    shipped = learned.shipped()
    assert shipped is not None
    index = train_routing.builtin_index()
    examples = train_routing.training_examples(index, train_routing.labelled_files())
    assert shipped.fingerprint == learned.fingerprint(examples), (
        "the routing model is out of date: run python -m tools.train_routing"
    )
    assert set(shipped.classes) == set(load_catalog({}).guides)


CUSTOM = textwrap.dedent(
    """\
    id: lottery-prize
    category: money
    title: {zh: 抽奖奖金没发, en: Lottery prize not paid}
    summary: {zh: 抽奖中了奖金却没有发到钱包, en: A lottery prize that was won but not paid}
    keywords:
      zh: [抽奖, 奖金, 中奖]
      en: [lottery, prize, jackpot]
    start: check
    steps:
      - id: check
        type: action
        text: {zh: 检查, en: Check}
        on_yes: ok
        next: escalate
      - id: ok
        type: end
        outcome: resolved
        text: {zh: 好, en: OK}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 客服, en: Support}
    """
)


def test_a_guide_the_model_has_never_seen_still_wins_on_its_own_words() -> None:
    guides = [*load_catalog({}).guides.values(), sample_guide(CUSTOM, "lottery-prize")]
    index = Index(guides)
    for text in ("i won the lottery prize but it never arrived", "中奖了奖金一直没到账"):
        ranked = index.rank(text, 3)
        assert ranked[0].guide.id == "lottery-prize", (text, ranked)


def test_text_sharing_no_word_with_any_guide_matches_nothing() -> None:
    index = load_catalog({}).index()
    assert index.rank("xqzt blorp") == []
    assert index.rank("!!!") == []


def test_a_lone_vague_word_is_never_taken_without_asking() -> None:
    # The model leans on what single words went with in training; alone they are no answer.
    index = load_catalog({}).index()
    for text in ("app", "money", "card", "钱"):
        assert not is_confident(index.rank(text, 3)), text


def test_the_index_without_the_model_is_bm25_alone() -> None:
    guides = load_catalog({}).guides.values()
    plain = Index(guides, model=None).rank("提现没到账", 3)
    assert plain[0].guide.id == "withdrawal" and plain[0].score > 5  # BM25's own scale
    weighed = Index(guides).rank("提现没到账", 3)[0].score
    assert weighed <= 1 + search.LEARNED_WEIGHT  # 1 + the weighed probability


def test_the_model_is_read_only_when_a_description_is_ranked() -> None:
    probe = (
        "import json\n"
        "from okhelp.frontends.cli.app import main\n"
        "from okhelp.library import learned\n"
        "for args in (['--version'], ['guides', 'list']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "before = learned.shipped.cache_info().currsize\n"
        "from okhelp.library.catalog import load_catalog\n"
        "load_catalog({}).index().rank('提现没到账')\n"
        "print(json.dumps([before, learned.shipped.cache_info().currsize]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, 1]
