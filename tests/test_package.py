"""The package: light to import, and a built wheel carries the content with it, and the
static pages' plotly.js partial bundle with its licence (and nothing heavier)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from sinojapan.instructor import plotly_bundles

from helpers import REPO, fresh_venv, install


def test_import_is_light():
    probe = ("import sys, sinojapan; "
             "print([m for m in ('pandas', 'plotly', 'ipywidgets', 'yaml') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve():
    import sinojapan

    for name in sinojapan.__all__:
        assert getattr(sinojapan, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        sinojapan.nothing  # noqa: B018


@pytest.mark.slow
def test_wheel_install_loads_every_file_from_outside_the_repository(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as contents:
        sizes = {item.filename: item.file_size for item in contents.infolist()}
    vendor = "sinojapan/instructor/vendor/"
    components = {f"sinojapan/components/{p.name}"
                  for p in (REPO / "widgets/sinojapan/components").glob("*.js")}
    assert {name for name in sizes if name.endswith(".js")} == \
        {vendor + "plotly-basic.min.js"} | components  # the components' own ES modules
    assert {vendor + "plotly-basic.LICENSE", vendor + "README.md"} <= set(sizes)
    assert wheel.stat().st_size < 1_500_000  # lean: the bundle is 0.4 MB of it, compressed
    python = fresh_venv(tmp_path / "venv")
    install(python, str(wheel))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = ("import json, sinojapan as sj\n"
             "from sinojapan.content import files\n"
             "from sinojapan.instructor import plotly_bundles as p\n"
             "loaded = sj.load_all()\n"
             "print(json.dumps({'dir': str(files.data_dir()),"
             " 'bundle': [str(p.BASIC_PATH), p.bundle_version(p.bundle_text(p.BASIC))],"
             " 'shapes': {k: len(v) for k, v in loaded.items()}}))")
    out = subprocess.run([str(python), "-c", probe], cwd=elsewhere, capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin"})
    result = json.loads(out.stdout)
    assert "site-packages" in result["dir"] and str(REPO) not in result["dir"]
    bundle, version = result["bundle"]
    assert "site-packages" in bundle and version == plotly_bundles.BASIC_VERSION
    with (REPO / "data" / "events.csv").open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1  # the header
    assert result["shapes"]["events"] == rows
    assert set(result["shapes"]) >= {"stages", "categories", "essay_parts", "series/gdp",
                                     "quizzes/08", "scenarios/2010-trawler"}
