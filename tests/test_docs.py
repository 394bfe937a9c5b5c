"""Docs that cannot drift: the README names every command and every finding code."""

from pipeline.cli import cli
from pipeline.core.findings import CODES

from .conftest import ROOT, run

README = (ROOT / "README.md").read_text()


def test_readme_lists_every_finding_code_with_its_severity() -> None:
    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in README, code


def test_readme_and_help_list_every_command() -> None:
    help_text = run("--help").output
    for name in cli.commands:
        assert f"cspr {name}" in README, name
        assert name in help_text


def test_readme_starts_with_the_two_commands() -> None:
    head = README.splitlines()[:5]
    assert any(line.strip().startswith("make test") for line in head)
    assert any(line.strip().startswith("make summary") for line in head)


def test_help_lists_the_commands_in_workflow_order() -> None:
    from pipeline.cli import WORKFLOW

    help_text = run("--help").output
    listed = [
        line.split()[0] for line in help_text.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert listed == WORKFLOW
