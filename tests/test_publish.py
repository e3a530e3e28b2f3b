"""Releases: Hub layout, data card, immutability, changelog diffs, Hub upload, CI check."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.io.writer import SCHEMA
from cleaner.publish import PublishError, PushError, publish, push

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args))


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A small corpus of our own, with spacing and wrapping for rules to act on."""
    root = tmp_path_factory.mktemp("corpus")
    texts = [
        "今年 7 月，QQ 音乐推出了新的社区板块，用户可以在这里\n交流自己喜欢的歌曲和歌手。",
        "在 2021 年的大会上，专家表示人工智能将改变许多行业，\n包括医疗、教育和交通。",
        "作 为 一 位 老 师 ， 她 在 这 所 学 校 工 作 了 三 十 年 。",
    ]
    for n, text in enumerate(texts):
        (root / f"doc{n}.txt").write_text(text, "utf-8")
    return root


@pytest.fixture()
def run1(corpus, tmp_path) -> Path:
    out = tmp_path / "run1"
    assert cli("run", str(corpus), "-o", str(out), "-q").exit_code == 0
    return out


def test_release_layout_card_and_immutability(run1, tmp_path):
    from datasets import load_dataset
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    dist = tmp_path / "dist"
    result = cli("publish", str(run1), "--name", "demo", "--version", "1.0.0",
                 "--dist", str(dist), "--license", "cc-by-4.0")
    assert result.exit_code == 0, result.output
    release = dist / "demo" / "v1.0.0"
    assert [p.name for p in (release / "data").iterdir()] == ["train-00000-of-00001.parquet"]
    ds = load_dataset(str(release), split="train")
    assert ds.column_names == SCHEMA.names and ds.num_rows == 3
    card = DatasetCard.load(release / "README.md")
    assert card.data.license == "cc-by-4.0" and card.data.language == ["zh"]
    assert card.data.size_categories == ["n<1K"]
    configs = MetadataConfigs.from_dataset_card_data(card.data)
    assert configs["default"]["data_files"][0]["path"] == "data/train-*"
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    assert infos["default"].splits["train"].num_examples == 3
    for section in ("## Cleaning pipeline", "## How to load", '"dist_data/demo/v1.0.0"',
                    "## Version history", "## Limitations", "## Citation", "length_histogram"):
        assert section in card.content
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    shard = manifest["shards"][0]
    assert shard["sha256"] == hashlib.sha256((release / shard["path"]).read_bytes()).hexdigest()
    assert manifest["documents"] == 3 and manifest["scripts"] == {"zh-Hans": 3}
    assert len(manifest["input_files"]) == 3 and manifest["ruleset"]["fingerprint"]

    before = tree_hash(dist)
    again = cli("publish", str(run1), "--name", "demo", "--version", "1.0.0",
                "--dist", str(dist), "--license", "cc-by-4.0")
    assert again.exit_code == 2 and "already exists" in again.output
    assert tree_hash(dist) == before


def test_license_required(run1, tmp_path):
    result = cli("publish", str(run1), "--name", "demo", "--version", "1.0.0",
                 "--dist", str(tmp_path / "dist"))
    assert result.exit_code == 2 and "license" in result.output
    assert not (tmp_path / "dist" / "demo" / "v1.0.0").exists()


def test_shards_byte_identical_between_identical_runs(run1, tmp_path):
    a = publish(run1, "a", version="1.0.0", dist=tmp_path, license="mit")
    b = publish(run1, "b", version="1.0.0", dist=tmp_path, license="mit")
    assert (a / "data" / "train-00000-of-00001.parquet").read_bytes() == (
        b / "data" / "train-00000-of-00001.parquet"
    ).read_bytes()


def test_option_change_changelog_and_check(corpus, run1, tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    publish(run1, "demo", version="1.0.0", dist=dist, license="mit")
    assert cli("check", "demo", str(corpus), "--dist", str(dist)).exit_code == 0
    changed = cli("check", "demo", str(corpus), "--dist", str(dist),
                  "--set", "spacing.cjk_latin=add")
    assert changed.exit_code == 1
    assert "documents changed: 2" in changed.output and "S002" in changed.output

    run2 = tmp_path / "run2"
    assert cli("run", str(corpus), "-o", str(run2), "-q", "--set",
               "spacing.cjk_latin=add").exit_code == 0
    publish(run2, "demo", bump="minor", dist=dist, license="mit")
    log = (dist / "demo" / "CHANGELOG.md").read_text("utf-8")
    assert log.index("## v1.1.0") < log.index("## v1.0.0")
    assert "2 changed" in log and "`S002`" in log and "`cjk_latin=\"add\"`" in log
    assert "{" not in log.split("## v1.1.0")[1].split("## v1.0.0")[0]
    card = (dist / "demo" / "v1.1.0" / "README.md").read_text("utf-8")
    assert "### v1.1.0" in card and "### v1.0.0" in card
    manifest = json.loads((dist / "demo" / "v1.1.0" / "manifest.json").read_text("utf-8"))
    assert manifest["changes"]["documents_changed"] == 2


def test_concurrent_publish_is_refused(run1, tmp_path):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / ".publish.lock").write_text(str(os.getpid()))
    with pytest.raises(PublishError, match="another publish"):
        publish(run1, "demo", version="1.0.0", dist=tmp_path, license="mit")
    assert not (tmp_path / "demo" / "v1.0.0").exists()


class FakeHub:
    """The Hub's side of the client calls `push` makes, kept in memory.

    Parquet files are stored as LFS (sha256), everything else as git blobs (sha1), as
    the Hub does; `commits` records what each commit sent.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.tags: set[str] = set()
        self.commits: list[list[str]] = []
        self.tokens: list[str | None] = []

    def api(self, token=None, endpoint=None):  # stands in for the HfApi class
        from types import SimpleNamespace

        hub = self
        hub.tokens.append(token)

        class Api:
            def whoami(self):
                if token != "hf_good_token":
                    raise OSError("401 Unauthorized")
                return {"name": "tester"}

            def create_repo(self, repo_id, **kw):
                pass

            def list_repo_tree(self, repo_id, **kw):
                for path, data in sorted(hub.files.items()):
                    lfs = None
                    if path.endswith(".parquet"):
                        lfs = SimpleNamespace(sha256=hashlib.sha256(data).hexdigest())
                    blob = hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()
                    yield SimpleNamespace(path=path, blob_id=blob, lfs=lfs)

            def create_commit(self, repo_id, operations, **kw):
                sent = []
                for op in operations:
                    if hasattr(op, "path_or_fileobj"):
                        hub.files[op.path_in_repo] = Path(op.path_or_fileobj).read_bytes()
                        sent.append(op.path_in_repo)
                    else:
                        del hub.files[op.path_in_repo]
                        sent.append("-" + op.path_in_repo)
                hub.commits.append(sent)
                return f"https://hub.example/commit/{len(hub.commits)}"

            def create_tag(self, repo_id, *, tag, exist_ok=False, **kw):
                if tag in hub.tags and not exist_ok:
                    raise ValueError("tag exists")
                hub.tags.add(tag)

        return Api()


@pytest.fixture()
def hub(monkeypatch) -> FakeHub:
    import huggingface_hub

    fake = FakeHub()
    monkeypatch.setattr(huggingface_hub, "HfApi", fake.api)
    return fake


def test_push_sends_only_what_the_hub_lacks(run1, corpus, tmp_path, hub):
    """Everything up to the client call; the Hub itself is not reachable from here."""
    release = publish(run1, "demo", version="1.2.3", dist=tmp_path, license="mit")
    push(release, "org/demo", token="hf_good_token")
    local = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert sorted(hub.files) == local and hub.tags == {"v1.2.3"}
    assert push(release, "org/demo", token="hf_good_token") == "unchanged"  # a retry
    assert len(hub.commits) == 1
    run2 = tmp_path / "run2"
    assert cli("run", str(corpus), "-o", str(run2), "-q", "--set",
               "spacing.cjk_latin=add").exit_code == 0
    second = publish(run2, "demo", bump="minor", dist=tmp_path, license="mit")
    push(second, "org/demo", token="hf_good_token")
    sent = hub.commits[-1]
    assert "README.md" in sent and "manifest.json" in sent
    assert hub.tags == {"v1.2.3", "v1.3.0"}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"hf_good_token" not in path.read_bytes()


def test_publish_push_checks_the_token_before_any_work(run1, tmp_path, hub, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_bad_token")
    result = cli("publish", str(run1), "--name", "demo", "--version", "1.0.0",
                 "--license", "mit", "--dist", str(tmp_path), "--push", "org/demo")
    assert result.exit_code == 4
    assert "token" in result.stderr and "hf_bad_token" not in result.output + result.stderr
    assert not (tmp_path / "demo" / "v1.0.0").exists()
    bad_repo = cli("publish", str(run1), "--name", "demo", "--version", "1.0.0",
                   "--license", "mit", "--dist", str(tmp_path), "--push", "no-org")
    assert bad_repo.exit_code == 4 and "ORG/NAME" in bad_repo.stderr


def test_cleaner_push_retries_an_existing_release(run1, tmp_path, hub, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_good_token")
    publish(run1, "demo", version="1.0.0", dist=tmp_path, license="mit")
    args = ["push", "demo", "1.0.0", "--repo", "org/demo", "--dist", str(tmp_path)]
    first = cli(*args)
    assert first.exit_code == 0, first.output
    again = cli(*args)
    assert again.exit_code == 0 and "unchanged" in again.output
    assert len(hub.commits) == 1
    missing = cli("push", "demo", "9.9.9", "--repo", "org/demo", "--dist", str(tmp_path))
    assert missing.exit_code == 2


def test_publish_refuses_bad_releases(run1, tmp_path):
    publish(run1, "demo", version="1.0.0", dist=tmp_path, license="cc-by-4.0")
    with pytest.raises(PublishError, match="lower than the latest"):
        publish(run1, "demo", version="0.9.0", dist=tmp_path, license="cc-by-4.0")
    with pytest.raises(PublishError, match="not a Hub license"):
        publish(run1, "demo", version="2.0.0", dist=tmp_path, license="my own license")
    empty = tmp_path / "empty"
    (empty / "data").mkdir(parents=True)
    rep = json.loads((run1 / "report.json").read_text("utf-8"))
    rep["documents"]["written"] = 0
    (empty / "report.json").write_text(json.dumps(rep), "utf-8")
    with pytest.raises(PublishError, match="--allow-empty"):
        publish(empty, "none", version="1.0.0", dist=tmp_path, license="mit")


def test_push_unreachable_hub_fails_cleanly(run1, tmp_path):
    release = publish(run1, "demo", version="1.0.0", dist=tmp_path, license="mit")
    with pytest.raises(PushError) as info:
        push(release, "org/demo", token="hf_secret_value", endpoint="http://127.0.0.1:9")
    assert "hf_secret_value" not in str(info.value)


def test_project_sample_release_is_up_to_date(monkeypatch):
    """The CI check users run: the committed sample release matches the current rules.

    After a deliberate rule change, publish a new release of the sample
    (`cleaner run && cleaner publish dist_data/sample/unreleased --name sample --bump minor
    --license cc-by-4.0`) and commit it with the change.
    """
    root = Path(__file__).resolve().parent.parent
    result = cli("check", "sample", "--dist", str(root / "dist_data"))
    assert result.exit_code == 0, result.output


def test_lock_left_by_a_killed_publish_is_taken_over(run1, tmp_path):
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / ".publish.lock").write_text(str(dead.pid))
    release = publish(run1, "demo", version="1.0.0", dist=tmp_path, license="mit")
    assert release.is_dir() and not (tmp_path / "demo" / ".publish.lock").exists()


def test_check_reruns_with_the_release_options_from_any_folder(corpus, tmp_path, monkeypatch):
    run = tmp_path / "run"
    assert cli("run", str(corpus), "-o", str(run), "-q", "--set",
               "spacing.cjk_latin=add").exit_code == 0
    dist = tmp_path / "dist"
    publish(run, "demo", version="1.0.0", dist=dist, license="mit")
    manifest = json.loads((dist / "demo" / "v1.0.0" / "manifest.json").read_text("utf-8"))
    assert all(not Path(i).is_absolute() for i in manifest["inputs"])
    card = (dist / "demo" / "v1.0.0" / "README.md").read_text("utf-8")
    assert str(tmp_path) not in card
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = cli("check", "demo", "--dist", str(dist))
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_check_names_every_missing_input(corpus, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(corpus, copy)
    run = tmp_path / "run"
    assert cli("run", str(copy), str(copy / "doc0.txt"), "-o", str(run), "-q").exit_code == 0
    dist = tmp_path / "dist"
    publish(run, "demo", version="1.0.0", dist=dist, license="mit")
    shutil.rmtree(copy)
    result = cli("check", "demo", "--dist", str(dist))
    assert result.exit_code == 2
    assert "2 input(s)" in result.output and "doc0.txt" in result.output


def test_local_layout_loads_one_version_or_the_latest(corpus, run1, tmp_path):
    from datasets import load_dataset

    dist = tmp_path / "dist"
    publish(run1, "demo", version="1.0.0", dist=dist, license="mit")
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "new.txt").write_text("新来的一篇短文，讲的是山里的一条小路。" * 5, "utf-8")
    run2 = tmp_path / "run2"
    assert cli("run", str(corpus), str(extra), "-o", str(run2), "-q").exit_code == 0
    publish(run2, "demo", bump="minor", dist=dist, license="mit")
    root = dist / "demo"
    cache = str(tmp_path / "cache")  # datasets caches a folder by its name and config
    latest = load_dataset(str(root), split="train", cache_dir=cache)
    first = load_dataset(str(root / "v1.0.0"), split="train", cache_dir=cache)
    by_config = load_dataset(str(root), "v1.0.0", split="train", cache_dir=cache)
    assert latest.num_rows == first.num_rows + 1 == by_config.num_rows + 1
    card = (root / "v1.0.0" / "README.md").read_text("utf-8")
    assert "ORG/" not in card and "dist_data/demo/v1.0.0" in card


def test_card_template_placeholders_and_fields_match(run1, tmp_path):
    """Every `${name}` of card.md gets a field and every field is used: no stray `$` text."""
    import re

    from cleaner.publish import card

    release = publish(run1, "demo", version="1.0.0", dist=tmp_path, license="mit", repo="o/d")
    text = (release / "README.md").read_text("utf-8")
    assert "${" not in text and "revision=\"v1.0.0\"" in text
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    history = [{"version": "1.0.0", "date": manifest["date"], "changes": None}]
    fields = {*card._fields(manifest, history, "demo", None), "metadata"}
    assert set(re.findall(r"\$\{(\w+)\}", card._template())) == fields


def test_card_blocks_take_their_lines_and_an_empty_block_no_line():
    from cleaner.publish.card import _fill

    template = "| a |\n${rows}\n\nafter ${x}"
    assert _fill(template, {"rows": ["| 1 |", "| 2 |"], "x": "$y"}) == (
        "| a |\n| 1 |\n| 2 |\n\nafter $y"
    )
    assert _fill(template, {"rows": [], "x": "z"}) == "| a |\n\nafter z"
