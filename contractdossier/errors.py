"""Exit codes and the exception tree.

Every exception the product raises on purpose derives from :class:`DossierError` and carries
its exit code; the CLI has one translator (``cli.handle_errors``) that turns them into a
message on stderr and that exit code. The codes are a stable interface: scripts may rely on
them, and they are listed in the README.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    usage = 2  # click's own code for bad usage
    input_file = 3  # a file could not be read as a contract PDF
    encrypted_pdf = 4
    empty_input = 5
    not_found = 6  # no such contract / file / ledger entry (or not visible to you)
    access_denied = 7
    config = 8
    store = 9  # the store or archive is unusable (disk full, locked, corrupt)
    index_busy = 10
    bad_query = 11
    partial = 12  # a batch finished but some files were quarantined or failed
    interrupted = 130


class DossierError(Exception):
    """Base class: an error with a readable message and a stable exit code."""

    exit_code: ExitCode = ExitCode.store

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputFileError(DossierError):
    """The file is not a usable PDF (not a PDF, truncated, corrupt)."""

    exit_code = ExitCode.input_file


class EncryptedPdfError(InputFileError):
    exit_code = ExitCode.encrypted_pdf


class LimitExceededError(InputFileError):
    """A file needed more time or memory to extract than one worker may use."""


class EmptyInputError(InputFileError):
    exit_code = ExitCode.empty_input


class NotFoundError(DossierError):
    exit_code = ExitCode.not_found


class AccessDeniedError(DossierError):
    exit_code = ExitCode.access_denied


class ConfigError(DossierError):
    exit_code = ExitCode.config


class StoreError(DossierError):
    exit_code = ExitCode.store


class DiskFullError(StoreError):
    """No space left while writing the archive, store or index; nothing was half-written."""


class IndexBusyError(DossierError):
    exit_code = ExitCode.index_busy


class QueryError(DossierError):
    """A search query could not be parsed; ``position`` is the 0-based offset of the problem."""

    exit_code = ExitCode.bad_query

    def __init__(self, message: str, position: int | None = None) -> None:
        if position is not None:
            message = f"{message} (at position {position + 1})"
        super().__init__(message)
        self.position = position
