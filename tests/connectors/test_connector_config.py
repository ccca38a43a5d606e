"""The connectors file: clear errors for what cannot work, secrets only by reference."""

from __future__ import annotations

import re

import pytest

from connectors import ConnectorConfigError, ConnectorKind, parse_connectors
from hub.settings import PROJECT_ROOT, Settings

MINIMAL = """
[connectors.national_credit]
kind = "{kind}"
base_url = "http://127.0.0.1:8701"
{extra}

[connectors.national_credit.datasets.national_credit]
request = {{ method = "POST", path = "/credit/batch", keys_field = "usccs" }}
results = "results"
key = "uscc"
fields = {{ grade = "grade" }}
"""


def config(kind: str = "rest", extra: str = "") -> str:
    return MINIMAL.format(kind=kind, extra=extra)


def test_the_example_file_is_the_default_and_parses() -> None:
    # given the default settings
    path = Settings().connectors_file
    # then they name the example file of the repository, which describes both partner systems
    assert path == PROJECT_ROOT / "connectors.example.toml"
    configs = parse_connectors(path.read_text(encoding="utf-8"), environ={})
    assert {c.name: c.kind for c in configs} == {
        "national_credit": ConnectorKind.REST,
        "credit_publicity": ConnectorKind.REST,
        "complaint_feed": ConnectorKind.REST,
    }
    publicity = next(c for c in configs if c.name == "credit_publicity")
    assert set(publicity.datasets) == {"annual_reports", "abnormal_operation"}
    assert publicity.datasets["annual_reports"].many is True


def test_a_minimal_connector_takes_the_defaults() -> None:
    (connector,) = parse_connectors(config(), environ={})
    assert connector.timeout_seconds == 2.0
    assert connector.retry.attempts == 3
    assert connector.breaker.failure_threshold == 5
    assert connector.datasets["national_credit"].batch_size == 50
    assert connector.datasets["national_credit"].batched


def test_an_unknown_kind_is_named_with_the_kinds_there_are() -> None:
    with pytest.raises(ConnectorConfigError) as raised:
        parse_connectors(config(kind="soap"), source="partners.toml", environ={})
    assert str(raised.value) == (
        "partners.toml: [connectors.national_credit] kind: 'soap' is not one of rest, graphql, sql"
    )


def test_a_credential_variable_that_is_not_set_fails_at_load_time() -> None:
    text = config(extra='auth = { scheme = "bearer", token_env = "HUB_TEST_CREDIT_TOKEN" }')
    with pytest.raises(ConnectorConfigError, match="environment variable HUB_TEST_CREDIT_TOKEN"):
        parse_connectors(text, environ={})
    # and with the variable set, the token becomes the header (never written in the file)
    (connector,) = parse_connectors(text, environ={"HUB_TEST_CREDIT_TOKEN": "s3cret"})
    assert connector.headers == {"Authorization": "Bearer s3cret"}


def test_a_secret_written_in_the_file_is_refused() -> None:
    text = config(extra='auth = { scheme = "bearer", token = "s3cret" }')
    with pytest.raises(ConnectorConfigError, match="secrets do not go in the file"):
        parse_connectors(text, environ={})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[connectors", "not valid TOML"),
        (config().replace('base_url = "http://127.0.0.1:8701"', ""), "base_url: is required"),
        (config().replace("http://127.0.0.1:8701", "ftp://x"), "is not an http(s) URL"),
        (config().replace('key = "uscc"', ""), "datasets.national_credit.key: is required"),
        (config().replace('fields = { grade = "grade" }', ""), "map each graph field"),
        (config().replace(', keys_field = "usccs"', ""), "give keys_field"),
        (config(extra="timeout_seconds = -1"), "timeout_seconds: -1 is not a number"),
        (config(extra="retry = { attempts = 0 }"), "retry.attempts: 0 is not a number >= 1"),
        (config() + config().split("\n\n")[-1], "not valid TOML"),  # a table given twice
    ],
)
def test_unusable_files_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ConnectorConfigError, match=re.escape(message)):
        parse_connectors(text, environ={})


def test_a_dataset_has_one_provider() -> None:
    second = (
        config()
        .replace("[connectors.national_credit]", "[connectors.mirror]")
        .replace("[connectors.national_credit.datasets", "[connectors.mirror.datasets")
    )
    with pytest.raises(ConnectorConfigError, match="provided by both 'national_credit' and"):
        parse_connectors(config() + second, environ={})


SQL = """
[connectors.registry_db]
kind = "sql"
dsn = "mysql+aiomysql://reader@127.0.0.1:3306/test"
auth = {{ password_env = "HUB_TEST_DB_PASSWORD" }}

[connectors.registry_db.datasets.abnormal_operation]
query = "{query}"
key = "uscc"
fields = {{ reason = "reason" }}
"""


def test_a_sql_connector_runs_one_select_using_the_keys() -> None:
    environ = {"HUB_TEST_DB_PASSWORD": "pw"}
    good = SQL.format(query="SELECT uscc, reason FROM t WHERE uscc IN :keys")
    (connector,) = parse_connectors(good, environ=environ)
    assert connector.password == "pw"
    for query, message in [
        ("DELETE FROM t WHERE uscc IN :keys", "one SELECT statement only"),
        ("SELECT 1 FROM t WHERE uscc IN :keys; DROP TABLE t", "one SELECT statement only"),
        ("SELECT uscc FROM t", "must use :keys"),
    ]:
        with pytest.raises(ConnectorConfigError, match=message):
            parse_connectors(SQL.format(query=query), environ=environ)
    with pytest.raises(ConnectorConfigError, match="HUB_TEST_DB_PASSWORD is not set"):
        parse_connectors(good, environ={})
