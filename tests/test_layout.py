"""The tests keep the shape of the code: tests/<package>/test_<module>.py for a package under okhelp/,
tests/e2e/ for the runs that cross every layer, and only repository-wide checks at the top."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import ROOT

TESTS = ROOT / "tests"
CODE = ROOT / "okhelp"

# Folders under tests/ that hold no okhelp package's tests.
NOT_A_PACKAGE = {"e2e"}  # the pseudo-terminal and installed-wheel runs
SUPPORT = {"helpers", "data"}  # what tests share, and the tables they measure against
TOP_LEVEL = {"test_architecture.py", "test_layout.py"}  # about the whole repository


def _test_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("test_*.py") if "__pycache__" not in p.parts)


def test_every_test_file_sits_in_a_folder_named_after_a_package() -> None:
    files = _test_files()
    # A glob that found nothing would pass without looking at anything.
    assert len(files) > 50 and {"domain", "storage", "e2e"} <= {p.parent.name for p in files}
    astray = []
    for path in files:
        folder = path.parent.relative_to(TESTS)
        if folder == Path("."):
            if path.name not in TOP_LEVEL:
                astray.append(
                    f"{path.name}: at the top of tests/, which is for {sorted(TOP_LEVEL)}"
                )
        elif folder.parts[0] in NOT_A_PACKAGE:
            if len(folder.parts) > 1:
                astray.append(f"{folder / path.name}: e2e/ has no subfolders")
        elif folder.parts[0] in SUPPORT:
            astray.append(f"{folder / path.name}: tests/{folder.parts[0]}/ holds no tests")
        elif not (CODE / folder / "__init__.py").is_file():
            astray.append(f"{folder / path.name}: no package okhelp/{folder.as_posix()}/")
    assert astray == [], "\n".join(astray)


def test_every_test_folder_is_a_package() -> None:
    # Two folders may hold files of one name (test_forget.py for core/forget.py and for a command's
    # module), which collect side by side only as modules of packages.
    folders = {path.parent for path in _test_files()} | {TESTS / "helpers"}
    missing = [
        f.relative_to(ROOT).as_posix() for f in sorted(folders) if not (f / "__init__.py").is_file()
    ]
    for folder in folders:
        for parent in folder.relative_to(TESTS).parents:
            if not (TESTS / parent / "__init__.py").is_file():
                missing.append((TESTS / parent).relative_to(ROOT).as_posix())
    assert sorted(set(missing)) == []
