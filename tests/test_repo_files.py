"""The files around the book: Binder, CI workflows, issue forms, citation, pre-commit, links.

Schemas come from check-jsonschema's bundled copies (no network): the official CFF 1.2.0
schema for CITATION.cff, and SchemaStore's schemas for GitHub workflows and issue forms.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from environments import run

REPO = Path(__file__).resolve().parent.parent
BOOK = REPO / "book"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(
    p for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"
)
CHAPTERS = sorted(p.stem for p in (BOOK / "chapters").glob("*.md"))
TEXT_SUFFIXES = {"", ".cff", ".cfg", ".json", ".md", ".py", ".toml", ".txt", ".yaml", ".yml"}
CC_BY_LINK = 'href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>'
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def config() -> dict:
    return yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))


def check_schema(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    """Validate files against one of check-jsonschema's bundled schemas."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        check=False,
    )


# --- GitHub Actions -----------------------------------------------------------------


def test_the_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {
        "pull-request.yml",
        "publish.yml",
        "linkcheck.yml",
        "binder.yml",
        "lock-refresh.yml",
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_and_matches_the_schema(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict) and workflow["jobs"]
    result = check_schema("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def _uses(path: Path) -> list[tuple[str, str]]:
    """Every `uses:` of a workflow, with its raw line (to read the version comment)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)", line)
        if match:
            found.append((match.group(1), line))
    return found


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version():
    uses = [u for path in WORKFLOWS for u in _uses(path)]
    assert len(uses) >= 10
    for ref, line in uses:
        assert SHA_PIN.match(ref), f"not pinned to a 40-hex commit SHA: {line.strip()}"
        # The release the commit is, or, for an action with no recent release, its branch
        # and the commit's date.
        version = r"#\s*(v\d+(\.\d+)*|main, \d{4}-\d{2}-\d{2})\s*$"
        assert re.search(version, line), f"no version comment: {line.strip()}"


def test_every_use_of_an_action_is_pinned_to_the_same_commit():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for ref, _ in _uses(path):
            action, sha = ref.split("@")
            pins.setdefault(action, set()).add(sha)
    assert {a: s for a, s in pins.items() if len(s) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_least_privilege_bounded_and_secret_free(path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert "permissions" in workflow, "set top-level permissions (read-only or none)"
    assert workflow["permissions"] in ({}, {"contents": "read"})
    assert "concurrency" in workflow
    for name, job in workflow["jobs"].items():
        assert 0 < job.get("timeout-minutes", 0) <= 60, f"job {name} has no timeout"
        for scope, level in (job.get("permissions") or {}).items():
            assert level in ("read", "write", "none")
            if level == "write":
                allowed = {
                    ("publish.yml", "deploy"): {"pages", "id-token"},
                    ("lock-refresh.yml", "pull-request"): {"contents", "pull-requests"},
                }
                assert scope in allowed.get((path.name, name), set()), (path.name, name, scope)
    assert "secrets." not in text
    assert "write-all" not in text and "pull_request_target" not in text
    for step in (s for job in workflow["jobs"].values() for s in job.get("steps", [])):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_workflows_run_the_makefile_targets():
    def runs(name: str) -> list[str]:
        workflow = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text("utf-8"))
        return [s["run"] for j in workflow["jobs"].values() for s in j["steps"] if "run" in s]

    assert runs("pull-request.yml")[:2] == ["make test", "make book"]
    assert runs("publish.yml") == ["make book"]
    assert runs("linkcheck.yml")[0] == "make linkcheck"
    refresh = runs("lock-refresh.yml")
    assert refresh[0] == "make lock-upgrade" and "make test" in refresh
    binder = runs("binder.yml")
    assert binder[0] == 'docker run --rm "$IMAGE" python binder/check_chapters.py'
    assert "jupyter lab" in binder[1] and "binder/check_jupyterlab.py" in binder[2]
    assert binder[3] == 'python3 binder/warm_mybinder.py "$GITHUB_REPOSITORY" "$GITHUB_SHA"'
    linkcheck = yaml.safe_load((REPO / ".github/workflows/linkcheck.yml").read_text("utf-8"))
    step = next(s for s in linkcheck["jobs"]["linkcheck"]["steps"] if s.get("id") == "linkcheck")
    assert step["continue-on-error"] is True
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^linkcheck:.*\n\t.*--builder linkcheck", makefile, re.M)


def test_issue_forms_and_chooser_match_their_schemas():
    assert {p.stem for p in ISSUE_FORMS} == {"content-correction", "new-evidence", "bug"}
    forms = check_schema("vendor.github-issue-forms", *ISSUE_FORMS)
    assert forms.returncode == 0, forms.stdout + forms.stderr
    chooser = check_schema("vendor.github-issue-config", REPO / ".github/ISSUE_TEMPLATE/config.yml")
    assert chooser.returncode == 0, chooser.stdout + chooser.stderr


def test_pull_request_template_has_the_checklist():
    text = (REPO / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for item in (
        "cites its source",
        "Nothing is invented",
        "make validate",
        "make test",
        "one sentence per line",
    ):
        assert re.search(rf"- \[ \] .*{re.escape(item)}", text), item


# --- Citation and licences -------------------------------------------------------------


def test_citation_file_is_valid_cff_1_2_0():
    result = check_schema("vendor.citation-file-format", REPO / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cff_check_rejects_a_broken_citation_file(tmp_path):
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    del cff["authors"]
    cff["license"] = "CC-BY-4"
    broken = tmp_path / "CITATION.cff"
    broken.write_text(yaml.safe_dump(cff), encoding="utf-8")
    result = check_schema("vendor.citation-file-format", broken)
    assert result.returncode == 1
    assert "'authors' is a required property" in result.stdout


def test_citation_names_the_book_and_its_contributors_only():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    book = config()
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == book["title"]
    assert cff["authors"] == [{"name": book["author"]}]
    assert cff["license"] == "CC-BY-4.0"
    # The repository's address lives in book/_config.yml only.
    assert not {"repository-code", "url", "repository"} & set(cff)
    (project,) = cff["references"]
    assert project["url"] == "https://cordis.europa.eu/project/id/320090"


def test_licences_agree():
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "MIT" in readme
    assert "CC BY 4.0" in config()["html"]["extra_footer"]


def test_repository_address_is_set_in_one_place_and_a_placeholder_says_so():
    url = config()["repository"]["url"]
    assert urlsplit(url).scheme == "https"
    skip = {".git", "_build", ".venv", "node_modules", ".pytest_cache", ".ruff_cache"}
    holders = []
    for folder, subfolders, files in os.walk(REPO):
        subfolders[:] = [name for name in subfolders if name not in skip]  # not walked
        for path in (Path(folder) / name for name in files):
            if path.suffix not in TEXT_SUFFIXES or not path.is_file():
                continue
            if url in path.read_text(encoding="utf-8", errors="replace"):
                holders.append(path.relative_to(REPO).as_posix())
    holders.sort()
    assert holders == ["book/_config.yml"]
    if "PLACEHOLDER" in (BOOK / "_config.yml").read_text(encoding="utf-8"):
        for doc in ("README.md", "CONTRIBUTING.md"):
            text = (REPO / doc).read_text(encoding="utf-8")
            assert "repository.url" in text and "placeholder" in text, doc


# --- Binder -----------------------------------------------------------------------------


def test_binder_files_are_in_the_binder_folder():
    # repo2docker reads binder/ when it exists and then ignores the root's files:
    # none of them is left at the root to mislead.
    binder = REPO / "binder"
    assert not (REPO / ".binder").exists()
    for name in ("postBuild", "runtime.txt", "environment.yml", "apt.txt", "start"):
        assert not (REPO / name).exists(), name
    assert (binder / "postBuild").stat().st_mode & stat.S_IXUSR
    runtime = (binder / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.\d+", runtime)
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["requires-python"] == ">=3.11" and int(runtime.split(".")[1]) >= 11
    # No local reference (-e ., a path): repo2docker then installs the lock before it
    # copies the repository, so that a change to the book alone reuses that image layer.
    lock = (binder / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = [line for line in lock if line and not line.startswith((" ", "#"))]
    assert requirements and all(re.match(r"[A-Za-z0-9][\w.-]*==", r) for r in requirements)
    assert any(r.startswith("jupytext==") for r in requirements)


def test_postbuild_sets_the_default_viewer_installs_the_package_and_saves_vega(tmp_path):
    """Run binder/postBuild as repo2docker would, with a recording `python` for pip."""
    shim = tmp_path / "bin"
    shim.mkdir()
    log = tmp_path / "python-calls.txt"
    (shim / "python").write_text(
        f'#!/bin/sh\necho "PYTHONWARNINGS=$PYTHONWARNINGS $@" >> "{log}"\n', encoding="utf-8"
    )
    (shim / "python").chmod(0o755)
    jupytext_config = Path(sys.executable).parent / "jupytext-config"
    assert jupytext_config.is_file()
    prefix = tmp_path / "env"
    env = {
        **os.environ,
        "NB_PYTHON_PREFIX": str(prefix),
        "PATH": f"{shim}:{jupytext_config.parent}:{os.environ['PATH']}",
    }
    env.pop("PYTHONWARNINGS", None)
    run(REPO / "binder" / "postBuild", cwd=REPO, env=env)  # asserts it exits with 0
    settings = json.loads(
        (prefix / "etc/jupyter/labconfig/default_setting_overrides.json").read_text("utf-8")
    )
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    # Editable, nothing from outside the lock: no dependency, no build environment. Then
    # vl-convert, from its own lock, for one command that saves Vega's JavaScript, and out.
    assert log.read_text(encoding="utf-8").splitlines() == [
        "PYTHONWARNINGS=ignore:Editable installation -m pip install --no-cache-dir --no-deps"
        " --no-build-isolation --editable .",
        "PYTHONWARNINGS= -m pip install --no-cache-dir --require-hashes"
        " -r binder/requirements-vega.txt",
        "PYTHONWARNINGS= -m lipse_widgets.views.vega",
        "PYTHONWARNINGS= -m pip uninstall --yes vl-convert-python",
    ]


def test_the_binder_workflow_builds_without_pushing_and_warms_mybinder():
    workflow = yaml.safe_load((REPO / ".github/workflows/binder.yml").read_text("utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # `on:` reads as True in YAML 1.1
    (job,) = workflow["jobs"].values()
    (action,) = [s for s in job["steps"] if "repo2docker-action" in s.get("uses", "")]
    assert action["with"]["NO_PUSH"] == "true" and "MYBINDERORG_TAG" not in action["with"]
    assert "DOCKER_PASSWORD" not in action["with"]


def test_the_job_that_opens_the_lock_pull_request_runs_nothing_from_the_locks():
    workflow = yaml.safe_load((REPO / ".github/workflows/lock-refresh.yml").read_text("utf-8"))
    job = workflow["jobs"]["pull-request"]
    commands = [line.strip() for s in job["steps"] for line in s.get("run", "").splitlines()]
    assert 'git apply "$CHANGE/locks.patch"' in commands
    for command in commands:
        assert not re.match(r"(make|python|pip|uv|\.venv|\./)", command), command
    (create,) = [s for s in job["steps"] if "create-pull-request" in s.get("uses", "")]
    assert create["with"]["add-paths"].split() == ["requirements*.txt", "binder/requirements*.txt"]
    assert workflow["jobs"]["refresh"]["permissions"] == {"contents": "read"}


def test_the_warm_up_script_follows_the_build_events(tmp_path):
    """binder/warm_mybinder.py against a local stand-in for BinderHub's build API."""
    import http.server
    import threading

    streams = {
        "/build/gh/o/r/built": ["waiting", "building", "built", "launching"],
        "/build/gh/o/r/ready": ["ready"],
        "/build/gh/o/r/failed": ["building", "failed"],
        "/build/gh/o/r/ended": ["waiting", "building"],
    }
    asked = []

    class Hub(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            self.wfile.write(b": keepalive\n\n")
            for phase in streams[self.path]:
                self.wfile.write(f'data: {{"phase": "{phase}", "message": "m"}}\n\n'.encode())

        def log_message(self, *args):
            pass

    hub = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{hub.server_address[1]}"
        codes = {}
        for ref in ("built", "ready", "failed", "ended"):
            proc = subprocess.run(
                [
                    sys.executable,
                    REPO / "binder/warm_mybinder.py",
                    "o/r",
                    ref,
                    "--binderhub",
                    url,
                    "--timeout",
                    "10",
                ],
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                check=False,
            )
            codes[ref] = proc.returncode
        assert "launching" not in proc.stdout
    finally:
        hub.shutdown()
        hub.server_close()
    assert codes == {"built": 0, "ready": 0, "failed": 1, "ended": 1}
    assert asked == [f"/build/gh/o/r/{ref}" for ref in codes]


# --- pre-commit ---------------------------------------------------------------------------


def test_pre_commit_hooks_are_local_and_installed():
    cfg = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = cfg["repos"]
    assert repo["repo"] == "local"
    ids = {hook["id"] for hook in repo["hooks"]}
    assert {
        "ruff-check",
        "ruff-format",
        "codespell",
        "check-yaml",
        "check-json",
        "check-added-large-files",
        "lipse-validate",
    } <= ids
    for hook in repo["hooks"]:
        assert hook["language"] in ("unsupported", "system")
        program = hook["entry"].split()[0]
        # run by its path in .venv, so that no environment needs to be activated
        assert program.startswith(".venv/bin/"), program
        assert (Path(sys.executable).parent / Path(program).name).is_file(), program


# --- the built site -------------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_pages_carry_binder_edit_and_issue_links(site, chapter):
    book = config()
    repo = book["repository"]
    url, branch, folder = repo["url"].rstrip("/"), repo["branch"], repo["path_to_book"]
    org_repo = urlsplit(url).path.strip("/")
    html = (site / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    source = f"{folder}/chapters/{chapter}.md"
    binderhub = book["launch_buttons"]["binderhub_url"]
    binder = f"{binderhub}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{source}"
    assert f'href="{binder}"' in html
    assert f'href="{url}/edit/{branch}/{source}"' in html
    assert f'href="{url}/issues/new?title=' in html
    assert f'href="{url}"' in html


@pytest.mark.build
def test_every_page_has_the_licence_footer(site):
    # index.html only redirects to the introduction.
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts and p.name != "index.html"]
    assert len(pages) >= 8
    for page in pages:
        assert CC_BY_LINK in page.read_text(encoding="utf-8"), page.name
    # The launch button is for executable pages only; the introduction is plain text.
    assert "mybinder.org" not in (site / "intro.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_how_to_cite_and_trainers_guide_are_in_the_book(site):
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    parts = {part["caption"]: [c["file"] for c in part["chapters"]] for part in toc["parts"]}
    assert "how-to-cite" in parts["Reference"]
    assert "trainers-guide" in parts["Tools"]
    cite = re.sub(r"<[^>]+>", "", (site / "how-to-cite.html").read_text(encoding="utf-8"))
    assert "@misc{lipse_knowledge_base," in cite
    cite = (site / "how-to-cite.html").read_text(encoding="utf-8")
    assert "trainers-guide.html" in cite  # the navigation lists the guide on every page
    assert (site / "trainers-guide.html").is_file()
