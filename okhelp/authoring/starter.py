"""``okhelp guides new``: a starter guide that passes ``check`` and ``test`` as written.

One step of each common type, both languages, one example per end, and comments pointing at
what an author changes first. A test loads, checks and runs every starter okhelp can write.
"""

from __future__ import annotations

import os
from pathlib import Path

from okhelp.domain.model import CATEGORIES, ID_PATTERN, MAX_ID_LENGTH
from okhelp.errors import UsageError
from okhelp.i18n.messages import did_you_mean, os_error_reason
from okhelp.util.suggest import close_matches
from okhelp.util.text import printable

SCHEMA_FILE = "guide.schema.json"
# Editors with the YAML language server complete and check keys from the schema it names.
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"

STARTER = """\
# A starter guide written by `okhelp guides new`: change the texts, steps and examples.
# The format, key by key: docs/guide-format.md in the okhelp repository.
#   okhelp guides check {id}.yaml      every problem as FILE:LINE: message
#   okhelp guides test {id}.yaml       run the examples at the bottom
#   okhelp guides graph {id}.yaml      the decision tree (Mermaid; --format dot for Graphviz)
id: {id}
version: 1
category: {category}
title: {{zh: 新指南（写上问题的名字）, en: New guide (name the problem here)}}
summary:
  zh: 用一句话说明这个指南解决什么问题。
  en: One sentence on the problem this guide solves.
keywords: {{zh: [关键词, 用户会怎么说], en: [keyword, what users would type]}}
start: where

steps:
  - id: where
    type: choice
    text: {{zh: 问题出现在哪里？, en: "Where does the problem show?"}}
    choices:
      - {{id: app, label: {{zh: 在 APP 里, en: In the app}}, next: tip}}
      - {{id: elsewhere, label: {{zh: 在别的地方, en: Somewhere else}}, next: still}}

  - id: tip
    type: info
    text:
      zh: 先确认网络正常，并且 APP 是最新版本。
      en: First make sure the network works and the app is up to date.
    next: restart

  - id: restart
    type: action              # "yes, that fixed it" -> on_yes; "no" or "I can't do this" -> next
    text:
      zh: 完全关闭 APP，再重新打开，然后再试一次。
      en: Close the app completely, open it again and try once more.
    on_yes: fixed             # leave on_yes out and "yes" ends the guide resolved right here
    next: still

  - id: still
    type: confirm
    text: {{zh: 现在问题还在吗？, en: "Is the problem still there?"}}
    on_yes: error
    on_no: fixed

  - id: error
    type: input
    field: error_message      # account, transaction_id, occurred_at, amount, ... or x-your-name
    required: false
    text:
      zh: 屏幕上显示了什么提示？
      en: "What message does the screen show?"
    next: escalate

  # A link step goes on in another guide, e.g.:
  #   - id: more-help
  #     type: link
  #     guide: contact-support

  - id: fixed
    type: end
    outcome: resolved
    text: {{zh: 太好了，问题解决了。, en: "Great, the problem is solved."}}

  - id: escalate
    type: end
    outcome: escalate
    collect: [account, occurred_at, error_message]
    text:
      zh: "请把下面的摘要发给官方客服：{{channels}}"
      en: "Please send the summary below to official support: {{channels}}"

examples:
  - name: restarting the app fixes it
    answers: {{where: app, restart: "yes"}}
    expect: {{end: fixed, outcome: resolved}}
  - name: still broken, handed to support
    answers: {{where: elsewhere, still: "yes", error: "Error 502", occurred_at: 2 hours ago}}
    expect: {{end: escalate, outcome: escalate}}
"""


def starter_text(guide_id: str, category: str = "app") -> str:
    """The starter guide for ``guide_id``; UsageError if the id or category cannot be used."""
    if len(guide_id) > MAX_ID_LENGTH or not ID_PATTERN.match(guide_id):
        raise UsageError(
            f"'{printable(guide_id)}' cannot be a guide id: use lowercase letters and digits "
            "joined by '-', e.g. card-declined",
            code="guide_id_invalid",
            guide=guide_id,
        )
    if category not in CATEGORIES:
        raise UsageError(
            f"category must be one of: {', '.join(CATEGORIES)}"
            + did_you_mean(category, CATEGORIES),
            code="category_invalid",
            categories=", ".join(CATEGORIES),
            close=close_matches(category, CATEGORIES),
        )
    return STARTER.format(id=guide_id, category=category)


def write_starter(folder: Path, guide_id: str, category: str = "app") -> Path:
    """Write ``folder/ID.yaml``, never over an existing file; the path written."""
    text = starter_text(guide_id, category)
    path = folder.expanduser() / f"{guide_id}.yaml"
    shown = printable(str(path), 200)
    try:
        folder.expanduser().mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        # mkdir says "exists" for a file (or a device such as /dev/null) where the folder should
        # be, and the file inside it was never looked at: say what is really wrong.
        raise _not_a_folder(folder) from None
    except OSError as exc:
        raise UsageError(
            f"cannot write {shown}: {exc.strerror}",
            code="file_unwritable",
            path=str(path),
            reason=os_error_reason(exc),
        ) from None
    if not folder.expanduser().is_dir():
        raise _not_a_folder(folder)
    # the editor line only names a schema that is there (written now unless the guide is refused)
    if not os.path.lexists(path) and _schema_beside(folder.expanduser()):
        text = SCHEMA_LINE + text
    try:
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise UsageError(
            f"{shown} already exists; it was left as it is",
            code="file_exists",
            path=str(path),
        ) from None
    except OSError as exc:
        raise UsageError(
            f"cannot write {shown}: {exc.strerror}",
            code="file_unwritable",
            path=str(path),
            reason=os_error_reason(exc),
        ) from None
    return path


def _not_a_folder(folder: Path) -> UsageError:
    """The folder named is a file, a device or a path through one: nothing was written. The
    error names the part of the path that is not a folder."""
    culprit = folder.expanduser()
    for part in (culprit, *culprit.parents):
        if part.exists() and not part.is_dir():
            culprit = part
            break
    return UsageError(
        f"{printable(str(culprit), 200)} is not a folder; nothing was written",
        code="folder_missing",
        path=str(culprit),
    )


def _schema_beside(folder: Path) -> bool:
    """The guide schema in ``folder``: there already, or written now (never over a file)."""
    import json

    from okhelp.authoring.schema import guide_schema

    target = folder / SCHEMA_FILE
    if target.exists():
        return True
    try:
        with target.open("x", encoding="utf-8") as stream:
            json.dump(guide_schema(), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
    except OSError:
        return False
    return True
