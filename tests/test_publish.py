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
from cleaner.publish import PublishError, publish, push

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
    for section in ("## Cleaning pipeline", "## How to load", 'revision="v1.0.0"',
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
    assert "2 changed" in log and "`S002`" in log and "'add'" in log
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


def test_push_calls_the_hub_client(run1, tmp_path, monkeypatch):
    """Everything up to the client call; the Hub itself is not reachable from here."""
    import huggingface_hub

    calls = []

    class FakeApi:
        def __init__(self, token=None, endpoint=None):
            calls.append(("init", token))

        def create_repo(self, repo_id, **kw):
            calls.append(("create_repo", repo_id, kw))

        def upload_folder(self, **kw):
            calls.append(("upload_folder", kw))
            return "https://hub.example/commit/1"

        def create_tag(self, repo_id, **kw):
            calls.append(("create_tag", repo_id, kw))

    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    release = publish(run1, "demo", version="1.2.3", dist=tmp_path, license="mit")
    push(release, "org/demo", token="hf_secret_value")
    upload = next(c for c in calls if c[0] == "upload_folder")[1]
    assert Path(upload["folder_path"]) == release and upload["repo_type"] == "dataset"
    assert upload["delete_patterns"] == ["data/*"]
    tag = next(c for c in calls if c[0] == "create_tag")
    assert tag[1] == "org/demo" and tag[2]["tag"] == "v1.2.3"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"hf_secret_value" not in path.read_bytes()


def test_push_unreachable_hub_fails_cleanly(run1, tmp_path):
    release = publish(run1, "demo", version="1.0.0", dist=tmp_path, license="mit")
    with pytest.raises(PublishError) as info:
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
