"""The Hugging Face Hub: check a token and repo before work, upload a release, tag it.

The only module that talks to the Hub (through the `huggingface_hub` client, imported when
used, so local commands never pay for it). Pushes are idempotent and never print a token.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from cleaner.io.plan import file_sha256
from cleaner.publish.release import PublishError


class PushError(PublishError):
    """The Hub refused the token, the repo or the upload; the local release is unaffected."""


def _remote_files(api: Any, repo_id: str) -> dict[str, Any]:
    """Path to `RepoFile` of every file in the dataset repo (empty for a new repo)."""
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        items = api.list_repo_tree(repo_id, repo_type="dataset", recursive=True, expand=True)
        return {f.path: f for f in items if hasattr(f, "blob_id")}
    except RepositoryNotFoundError:
        return {}


def _same_content(remote: Any, local: Path) -> bool:
    """Does the Hub already hold exactly this file? LFS by sha256, others by git blob id."""
    lfs = getattr(remote, "lfs", None)
    if lfs is not None:
        return lfs.sha256 == file_sha256(local)
    data = local.read_bytes()
    blob = hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()  # noqa: S324
    return remote.blob_id == blob


def preflight(repo_id: str, *, token: str | None = None, endpoint: str | None = None) -> str:
    """Check the repo id and the token before any work; return the Hub user name.

    A publish that writes the release and only then finds a bad token cannot simply be
    rerun (the version exists), so `--push` asks the Hub first. The token is never shown.
    """
    from huggingface_hub import HfApi, get_token
    from huggingface_hub.errors import HFValidationError

    if repo_id.count("/") != 1:
        raise PushError(f"--repo must be ORG/NAME, got {repo_id!r}")
    try:
        from huggingface_hub.utils import validate_repo_id

        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise PushError(f"--repo {repo_id!r} is not a valid Hub repo id: {exc}") from None
    token = token or get_token()
    if not token:
        raise PushError("no Hub token: set HF_TOKEN or run `hf auth login` first")
    try:
        who = HfApi(token=token, endpoint=endpoint).whoami()
    except Exception as exc:  # network stacks and the Hub raise many kinds; say which
        raise PushError(f"the Hub did not accept the token ({type(exc).__name__})") from None
    return str(who.get("name", "?"))


def push(
    release: Path, repo_id: str, *, token: str | None = None, endpoint: str | None = None
) -> str:
    """Upload a release folder to the Hub and tag it; return the commit URL (or "unchanged").

    Idempotent: files the Hub already holds with the same content are not sent again, data
    shards of other versions are deleted in the same commit, and an existing tag is kept,
    so a failed push is retried with `cleaner push NAME VERSION --repo ORG/NAME`. The token
    comes from the usual places (`HF_TOKEN`, `hf auth login`) unless given; it is never
    printed or written anywhere. `endpoint` serves private Hub mirrors.
    """
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    api = HfApi(token=token, endpoint=endpoint)
    local = {p.relative_to(release).as_posix(): p for p in sorted(release.rglob("*"))
             if p.is_file()}
    try:
        return _upload(api, repo_id, local, f"v{manifest['version']}")
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise PushError(f"upload to {repo_id} failed: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # network stacks raise their own error types
        if type(exc).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise PushError(f"upload to {repo_id} failed: {type(exc).__name__}") from None
        raise


def _upload(api: Any, repo_id: str, local: dict[str, Path], tag: str) -> str:
    """One commit of what differs (nothing: no commit), then the version tag."""
    api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
    ops = _operations(local, _remote_files(api, repo_id))
    commit = "unchanged"
    if ops:
        commit = str(api.create_commit(repo_id, ops, repo_type="dataset",
                                       commit_message=f"Release {tag}"))
    api.create_tag(repo_id, tag=tag, repo_type="dataset", tag_message=f"Release {tag}",
                   exist_ok=True)
    return commit


def _operations(local: dict[str, Path], remote: dict[str, Any]) -> list[Any]:
    """Add the files the Hub lacks or holds otherwise; delete other versions' data shards."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete

    ops: list[Any] = [
        CommitOperationAdd(path_in_repo=name, path_or_fileobj=str(path))
        for name, path in local.items()
        if name not in remote or not _same_content(remote[name], path)
    ]
    ops += [CommitOperationDelete(path_in_repo=name) for name in sorted(remote)
            if name.startswith("data/") and name not in local]
    return ops
