"""The wheel: built from the project's sources alone, it carries every subpackage, the rules
and the shipped templates, and, installed into a fresh virtualenv, renders a real document.

The project is copied to tmp_path and built there, so the build leaves nothing (build/,
*.egg-info) in the checkout and cannot lean on anything else in it. The installed `cspr` then
runs from tmp_path with no PYTHONPATH, so only the wheel's copy of `pipeline` can be imported.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLE, ROOT
from .test_summary import text_of

SOURCES = ["pyproject.toml", "README.md", "pipeline", "templates"]
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "~$*")

# What pip says when it cannot reach an index: the test is then skipped, not failed.
OFFLINE = [
    "No matching distribution found",
    "Could not find a version that satisfies",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Failed to establish a new connection",
]


def sh(*args: str | Path, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run a command without the caller's PYTHONPATH (or any other PYTHON* setting)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def skip_if_offline(result: subprocess.CompletedProcess[str], step: str) -> None:
    output = result.stdout + result.stderr
    if result.returncode != 0 and any(sign in output for sign in OFFLINE):
        pytest.skip(f"{step} needs packages that cannot be fetched offline:\n{output[-2000:]}")


def build_wheel(tmp_path: Path) -> tuple[Path, Path]:
    """Copy the project's sources to tmp_path/src and build a wheel from them (isolated)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=SKIP)
        else:
            shutil.copy(ROOT / name, src / name)
    dist = tmp_path / "dist"
    result = sh(sys.executable, "-m", "build", "--wheel", "--outdir", dist, src, cwd=src)
    skip_if_offline(result, "building the wheel")
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return src, wheels[0]


def expected_files(src: Path) -> set[str]:
    """Every file the wheel must carry, from the sources it was built from."""
    package = src / "pipeline"
    return (
        {f"pipeline/templates/{p.name}" for p in (src / "templates").glob("*.docx")}
        | {"pipeline/templates/tracker.html"}
        | {f"pipeline/{p.relative_to(package).as_posix()}" for p in package.rglob("*.yaml")}
        | {f"pipeline/{p.relative_to(package).as_posix()}" for p in package.rglob("__init__.py")}
    )


def test_wheel_carries_templates_and_rules_and_renders_when_installed(tmp_path: Path) -> None:
    src, wheel = build_wheel(tmp_path)

    # 1. The wheel carries every shipped template, rule file and subpackage.
    expected = expected_files(src)
    assert len([f for f in expected if f.endswith(".docx")]) >= 1, "no templates found to check"
    assert len([f for f in expected if f.endswith(".yaml")]) >= 1, "no rules found to check"
    assert "pipeline/core/__init__.py" in expected, "no subpackages found to check"
    with zipfile.ZipFile(wheel) as archive:
        carried = set(archive.namelist())
    missing = sorted(expected - carried)
    assert not missing, f"the wheel is missing {missing}"

    # 2. It installs into a fresh virtualenv.
    venv = tmp_path / "venv"
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    made = sh(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    installed = sh(bin_dir / "python", "-m", "pip", "install", wheel, cwd=tmp_path, timeout=600)
    skip_if_offline(installed, "installing the wheel")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # 3. The installed cspr renders the example case's referral form, away from the checkout.
    cases = tmp_path / "cases"
    shutil.copytree(EXAMPLE, cases / EXAMPLE.name)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", cases / "partnership.yaml")
    assert not (tmp_path / "pipeline").exists()  # nothing importable in the working folder
    out = tmp_path / "out"
    args = ["referral-form", cases / EXAMPLE.name, "--out", out, "--today", "2026-11-22"]
    rendered = sh(bin_dir / "cspr", *args, cwd=tmp_path, timeout=120)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr

    # The form (North Somerset's Appendix 2) has no field for the case reference: the
    # reference names the folder the form is written to, and the form names the child and
    # the referrer from case.yaml, and the partnership from partnership.yaml.
    case = yaml.safe_load((cases / EXAMPLE.name / "case.yaml").read_text())
    partnership = yaml.safe_load((cases / "partnership.yaml").read_text())
    form = out / "NS-2026-011" / "referral-form.docx"
    assert case["reference"] == "NS-2026-011"
    assert str(form) in rendered.stdout
    text = text_of(form)
    assert case["child"]["name"] in text
    assert case["referral"]["referrer"]["name"] in text
    assert partnership["name"] in text

    # 4. The templates it used are the wheel's, inside the fresh venv's site-packages.
    ask = "import sysconfig; from pipeline.office.render import shipped_templates as t; "
    ask += "print(sysconfig.get_paths()['purelib']); print(t())"
    where = sh(bin_dir / "python", "-c", ask, cwd=tmp_path, timeout=60)
    assert where.returncode == 0, where.stdout + where.stderr
    site_packages, templates = (Path(line).resolve() for line in where.stdout.splitlines())
    assert templates == site_packages / "pipeline" / "templates"
    assert templates.is_relative_to(venv.resolve())
    assert not templates.is_relative_to(ROOT)
