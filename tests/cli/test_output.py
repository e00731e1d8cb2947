"""The one output writer: regular files atomically with the umask's mode, links followed,
FIFOs and devices written through, missing folders and refusals as one-line errors."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.output import check_writable, write_bytes, write_text


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_file_gets_the_umask_mode(tmp_path, umask_022):
    target = tmp_path / "out.json"
    write_text(target, "{}\n")
    assert target.read_text() == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode_and_is_replaced_whole(tmp_path, umask_022):
    target = tmp_path / "out.json"
    target.write_text("old content that is longer")
    target.chmod(0o600)
    write_text(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_symlink_is_followed(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    write_text(link, "x")
    assert link.is_symlink() and (tmp_path / "target.json").read_text() == "x"


def test_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(Path(fifo).read_bytes()))
    reader.start()
    write_bytes(fifo, b"through the pipe")
    reader.join(5)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_character_device_stays_a_device(tmp_path):
    # a device node the test makes itself (never /dev/null); root only
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    write_text(node, "discarded")
    assert stat.S_ISCHR(os.stat(node).st_mode)


def test_stdout(capsys):
    write_text("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "missing" / "out.json", "no such folder"),
        (lambda d: (d / "afile").write_text("x") and d / "afile" / "out.json", "not a folder"),
        (lambda d: d, "is a folder"),
        (lambda d: d / ("x" * 300 + ".json"), "file name too long"),
    ],
    ids=["missing-folder", "through-a-file", "a-folder", "name-too-long"],
)
def test_one_line_errors_name_the_target(tmp_path, make, reason):
    target = make(tmp_path)
    with pytest.raises(PipelineError) as info:
        write_text(target, "x")
    assert info.value.code == "unwritable"
    assert info.value.path == str(target)
    assert reason in info.value.message and ".tmp" not in str(info.value)


def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(PipelineError) as info:
            write_text(folder / "out.json", "x")
        assert info.value.code == "unwritable" and "permission denied" in info.value.message
    finally:
        folder.chmod(0o700)


def test_failure_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")
    from pipeline import output

    with pytest.raises(RuntimeError), output.open_output(target) as fh:
        fh.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_check_writable_accepts_stdout_and_new_files(tmp_path):
    check_writable("-")
    check_writable(tmp_path / "new.json")
