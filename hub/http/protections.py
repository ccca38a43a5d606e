"""Baseline protections of the GraphQL endpoint, as one Strawberry schema extension.

`DocumentGuard` replaces Strawberry's `ParserCache`, `ValidationCache`,
`MaxTokensLimiter`, `QueryDepthLimiter` and `MaxAliasesLimiter`, which were checked
(strawberry-graphql 0.341) and fall short here:

* `ValidationCache` keys its LRU by the `DocumentNode`; AST nodes are frozen
  dataclasses whose hash walks the whole tree on every lookup, and the key also
  holds the tuple of rule classes, which `QueryDepthLimiter`/`MaxAliasesLimiter`
  create anew for every request when passed as factories (the non-deprecated way),
  so the cache would never hit.
* `QueryDepthLimiter` raises `KeyError` on a spread of an unknown fragment (an
  internal error instead of a validation error) and recurses without bound on
  fragment chains; it, `MaxAliasesLimiter` and `MaxTokensLimiter` report errors
  without a code.
* Six extensions cost six lifecycle hooks per request; this is two.

Here, parsing and validation are cached together in one LRU keyed by the query text
(a `str` caches its hash), validation results per (GraphQL schema, rules), so a
request whose text was seen skips both `parse` and `validate`. The limits (depth,
aliases, repeated fields) are checked in one linear pass before validation, so a
document over them never reaches the (partly quadratic) validation rules. Every
error produced here carries `extensions.code`.

Validation adds one rule of ours to the schema's: `OneLoginPerRequestRule` (at most one
password-checking mutation per operation, `TOO_MANY_LOGINS`). Our endpoint takes one
operation per request (no batching), so that is one per request.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Final

from graphql import GraphQLError, GraphQLSyntaxError, parse
from graphql.language import (
    SKIP,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VisitorAction,
)
from graphql.validation import ASTValidationRule
from graphql.validation.rules.max_introspection_depth_rule import MaxIntrospectionDepthRule
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from hub.errors import (
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    OPERATION_RESOLUTION_FAILURE,
    QUERY_TOO_COMPLEX,
    QUERY_TOO_DEEP,
    TOO_MANY_ALIASES,
    TOO_MANY_TOKENS,
)

if TYPE_CHECKING:
    from graphql import GraphQLSchema

    from hub.settings import Settings

# Texts longer than this are parsed and validated every time instead of being kept:
# the token limit bounds the tokens, not the characters (one string literal or a run
# of whitespace can fill the whole 1 MiB body), and the cache must stay small.
MAX_CACHED_QUERY_LENGTH: Final = 64 * 1024

# Validation (OverlappingFieldsCanBeMerged) compares the fields that share a response
# key in a selection set pairwise: 800 `f(a: 1) f(a: 2) ...` take seconds. Real
# queries repeat a field a few times at most (once per colocated fragment).
DEFAULT_MAX_REPEATED_FIELDS: Final = 50

# Refused by `OneLoginPerRequestRule`.
TOO_MANY_LOGINS: Final = "TOO_MANY_LOGINS"
PASSWORD_MUTATIONS: Final = frozenset({"login", "changePassword", "completeFirstLogin"})

_TOKEN_LIMIT_PREFIX: Final = "Syntax Error: Document contains more than"
_UNKNOWN: Final = object()

Rules = tuple[type[ASTValidationRule], ...]


def _count_operations(document: DocumentNode) -> int:
    return sum(
        1 for definition in document.definitions if isinstance(definition, OperationDefinitionNode)
    )


class _Entry:
    """A parsed document and the outcome of its last validation."""

    __slots__ = ("document", "errors", "operations", "rules", "schema")

    def __init__(self, document: DocumentNode) -> None:
        self.document = document
        self.operations = _count_operations(document)
        self.schema: GraphQLSchema | None = None
        self.rules: Rules | None = None
        self.errors: list[GraphQLError] = []


class DocumentCache:
    """LRU of `_Entry` by query text. Used from the event loop only."""

    __slots__ = ("_entries", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def get(self, query: str) -> _Entry | None:
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
        return entry

    def put(self, query: str, entry: _Entry) -> None:
        if self.maxsize <= 0 or len(query) > MAX_CACHED_QUERY_LENGTH:
            return
        self._entries[query] = entry
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class _Measure:
    """Depth, aliases and repeated response keys of a selection set."""

    __slots__ = ("aliases", "depth", "keys", "repeated")

    def __init__(self) -> None:
        self.depth = 0
        self.aliases = 0
        # How often each response key occurs at this level, fragments included.
        self.keys: dict[str, int] = {}
        # The most often any response key occurs in one selection set at or below
        # this level.
        self.repeated = 0

    def merge(self, other: _Measure) -> None:
        """Add a fragment spread or inline fragment: same level, same keys."""
        self.depth = max(self.depth, other.depth)
        self.aliases += other.aliases
        self.repeated = max(self.repeated, other.repeated)
        keys = self.keys
        for key, count in other.keys.items():
            keys[key] = keys.get(key, 0) + count


def measure_operations(
    document: DocumentNode,
) -> Iterator[tuple[OperationDefinitionNode, _Measure]]:
    """Yield each operation of `document` with its measure.

    Depth counts levels of fields: `{ a }` is 1, `{ a { b } }` is 2. Fragments count
    where they are spread. Introspection (`__schema`, `__type`) is left to
    graphql-core's `MaxIntrospectionDepthRule`, which bounds what matters there (the
    nesting of `fields`/`interfaces`/... lists) and lets GraphiQL's introspection
    query pass. Aliases count every aliased field as often as it would be executed
    through fragment spreads. Repeated: the most fields sharing a response key in
    one selection set (fragments merged in); validation compares those pairwise.
    Unknown fragments and fragment cycles count as empty: validation reports them.
    Raises RecursionError for documents nested deeper than the interpreter's stack.
    """
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    measured: dict[str, _Measure] = {}
    in_progress: set[str] = set()

    def measure(selection_set: SelectionSetNode) -> _Measure:
        result = _Measure()
        keys = result.keys
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                alias = selection.alias
                if alias is not None:
                    result.aliases += 1
                    key = alias.value
                else:
                    key = selection.name.value
                keys[key] = keys.get(key, 0) + 1
                sub_selection_set = selection.selection_set
                if sub_selection_set is None:
                    result.depth = max(result.depth, 1)
                    continue
                sub = measure(sub_selection_set)
                result.aliases += sub.aliases
                result.repeated = max(result.repeated, sub.repeated)
                if not selection.name.value.startswith("__"):
                    result.depth = max(result.depth, 1 + sub.depth)
            elif isinstance(selection, InlineFragmentNode):
                result.merge(measure(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                known = measured.get(name)
                if known is None:
                    fragment = fragments.get(name)
                    if fragment is None or name in in_progress:
                        continue
                    in_progress.add(name)
                    known = measure(fragment.selection_set)
                    in_progress.discard(name)
                    measured[name] = known
                result.merge(known)
        if keys:
            result.repeated = max(result.repeated, max(keys.values()))
        return result

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            yield definition, measure(definition.selection_set)


def _operation_label(operation: OperationDefinitionNode) -> str:
    return f"操作“{operation.name.value}”" if operation.name else "匿名操作"


class _IntrospectionDepthRule(MaxIntrospectionDepthRule):
    """graphql-core's rule (among its `specified_rules` since 3.3), coded."""

    def report_error(self, error: GraphQLError) -> None:
        error.message = "内省（introspection）查询嵌套过深。"
        error.extensions = {"code": QUERY_TOO_DEEP}
        super().report_error(error)


class OneLoginPerRequestRule(ASTValidationRule):
    """At most one password-checking mutation (`login`, `changePassword`,
    `completeFirstLogin`) per operation, however it is spelled (aliases, fragments,
    inline fragments): each costs an Argon2 hash, and one request must not carry a
    batch of password guesses past the per-request attempt limits."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._fragment_counts: dict[str, int] = {}

    def enter_operation_definition(
        self, node: OperationDefinitionNode, *_args: Any
    ) -> VisitorAction:
        if node.operation is OperationType.MUTATION:
            count = self._count(node.selection_set, set())
            if count > 1:
                self.report_error(
                    GraphQLError(
                        f"{_operation_label(node)}包含 {count} 次登录或密码操作，"
                        "每个请求最多一次。",
                        node,
                        extensions={"code": TOO_MANY_LOGINS},
                    )
                )
        return SKIP

    def _count(self, selection_set: SelectionSetNode, visiting: set[str]) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += selection.name.value in PASSWORD_MUTATIONS
            elif isinstance(selection, InlineFragmentNode):
                total += self._count(selection.selection_set, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment_count(selection.name.value, visiting)
        return total

    def _fragment_count(self, name: str, visiting: set[str]) -> int:
        known = self._fragment_counts.get(name)
        if known is not None:
            return known
        fragment = self.context.get_fragment(name)
        if fragment is None or name in visiting:
            return 0  # unknown fragments and cycles are other rules' errors
        visiting.add(name)
        count = self._count(fragment.selection_set, visiting)
        visiting.discard(name)
        self._fragment_counts[name] = count
        return count


def _with_coded_rules(rules: Rules) -> Rules:
    """`rules` with the introspection depth rule replaced by (or added as) ours, and the
    one-login rule added."""
    coded = tuple(
        _IntrospectionDepthRule if rule is MaxIntrospectionDepthRule else rule for rule in rules
    )
    if _IntrospectionDepthRule not in coded:
        coded = (*coded, _IntrospectionDepthRule)
    if OneLoginPerRequestRule not in coded:
        coded = (*coded, OneLoginPerRequestRule)
    return coded


def _parse(query: str, max_tokens: int) -> DocumentNode:
    try:
        return parse(query, max_tokens=max_tokens)
    except GraphQLSyntaxError as error:
        if error.message.startswith(_TOKEN_LIMIT_PREFIX):
            error.message = f"文档的词法单元（token）超过上限 {max_tokens}，已停止解析。"
            error.extensions = {"code": TOO_MANY_TOKENS, "maxTokens": max_tokens}
        else:
            error.extensions = {"code": GRAPHQL_PARSE_FAILED}
        raise


def _code_validation_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    for error in errors:
        extensions = error.extensions
        if not extensions:
            error.extensions = {"code": GRAPHQL_VALIDATION_FAILED}
        elif "code" not in extensions:
            error.extensions = {"code": GRAPHQL_VALIDATION_FAILED, **extensions}
    return errors


class GuardConfig:
    """What every `DocumentGuard` of one schema shares: limits and the cache."""

    __slots__ = (
        "cache",
        "max_aliases",
        "max_depth",
        "max_repeated_fields",
        "max_tokens",
    )

    def __init__(
        self,
        *,
        max_depth: int,
        max_aliases: int,
        max_tokens: int,
        cache_size: int,
        max_repeated_fields: int = DEFAULT_MAX_REPEATED_FIELDS,
    ) -> None:
        self.max_depth = max_depth
        self.max_aliases = max_aliases
        self.max_tokens = max_tokens
        self.max_repeated_fields = max_repeated_fields
        self.cache = DocumentCache(cache_size)

    @classmethod
    def from_settings(cls, settings: Settings) -> GuardConfig:
        return cls(
            max_depth=settings.max_query_depth,
            max_aliases=settings.max_aliases,
            max_tokens=settings.max_tokens,
            cache_size=settings.document_cache_size,
        )

    def check_limits(self, document: DocumentNode) -> list[GraphQLError]:
        """Errors for the operations over a limit; linear in the document size."""
        errors: list[GraphQLError] = []
        try:
            for operation, measured in measure_operations(document):
                label = _operation_label(operation)
                if measured.depth > self.max_depth:
                    errors.append(
                        GraphQLError(
                            f"{label}的查询深度为 {measured.depth}，超过上限 {self.max_depth}。",
                            operation,
                            extensions={
                                "code": QUERY_TOO_DEEP,
                                "depth": measured.depth,
                                "maxDepth": self.max_depth,
                            },
                        )
                    )
                if measured.aliases > self.max_aliases:
                    errors.append(
                        GraphQLError(
                            f"{label}使用了 {measured.aliases} 个别名，"
                            f"超过上限 {self.max_aliases}。",
                            operation,
                            extensions={
                                "code": TOO_MANY_ALIASES,
                                "aliases": measured.aliases,
                                "maxAliases": self.max_aliases,
                            },
                        )
                    )
                if measured.repeated > self.max_repeated_fields:
                    errors.append(
                        GraphQLError(
                            f"{label}在同一层级把同一字段请求了 {measured.repeated} 次，"
                            f"超过上限 {self.max_repeated_fields}。",
                            operation,
                            extensions={
                                "code": QUERY_TOO_COMPLEX,
                                "repeated": measured.repeated,
                                "maxRepeated": self.max_repeated_fields,
                            },
                        )
                    )
        except RecursionError:
            # Only a pathological document (a chain of hundreds of fragments)
            # nests deeper than the interpreter's stack.
            errors.append(
                GraphQLError(
                    "文档嵌套过深。",
                    extensions={"code": QUERY_TOO_DEEP, "maxDepth": self.max_depth},
                )
            )
        return errors

    def validate(
        self, schema: GraphQLSchema, document: DocumentNode, rules: Rules
    ) -> list[GraphQLError]:
        """The limits first: a document over them is refused without the (up to
        quadratic) cost of full validation."""
        errors = self.check_limits(document)
        if errors:
            return errors
        errors = validate_document(schema, document, _with_coded_rules(rules))
        return _code_validation_errors(errors)


class DocumentGuard(SchemaExtension):
    """Parses with a token limit, validates with depth/alias limits, caches both.

    Constructed per request (Strawberry calls the `GuardFactory`); the state shared
    between requests lives in the `GuardConfig`.
    """

    def __init__(self, config: GuardConfig) -> None:
        self._config = config
        self._entry: _Entry | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        # Strawberry refuses an empty query before parsing, and skips its own parse
        # when the document is set.
        if context.graphql_document is None and query:
            config = self._config
            entry = config.cache.get(query)
            if entry is None:
                entry = _Entry(_parse(query, config.max_tokens))
                config.cache.put(query, entry)
            self._entry = entry
            context.graphql_document = entry.document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        # `pre_execution_errors` is set when another extension validated already;
        # once set (even to []), Strawberry skips its own validation.
        if context.pre_execution_errors is None and document is not None:
            schema = context.schema._schema
            rules = context.validation_rules
            entry = self._entry
            if (
                entry is not None
                and entry.schema is schema
                and entry.document is document
                and entry.rules == rules
            ):
                errors = entry.errors
            else:
                errors = self._config.validate(schema, document, rules)
                if entry is not None and entry.document is document:
                    entry.schema = schema
                    entry.rules = rules
                    entry.errors = errors
            if errors:
                context.pre_execution_errors = list(errors)
            elif (
                getattr(context, "_provided_operation_name", _UNKNOWN) is None
                and (entry.operations if entry is not None else _count_operations(document)) > 1
            ):
                # Strawberry would run the first operation; the GraphQL spec
                # (GetOperation) asks for a request error.
                context.pre_execution_errors = [
                    GraphQLError(
                        "文档包含多个操作时必须提供 operationName。",
                        extensions={"code": OPERATION_RESOLUTION_FAILURE},
                    )
                ]
            else:
                context.pre_execution_errors = []
        yield


class GuardFactory:
    """The callable to put in `strawberry.Schema(extensions=[...])`."""

    __slots__ = ("config",)

    def __init__(self, config: GuardConfig) -> None:
        self.config = config

    def __call__(self) -> DocumentGuard:
        return DocumentGuard(self.config)


def graphql_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions the HTTP endpoint relies on; pass them to the Schema.

    `strawberry.Schema(Query, mutation=Mutation, extensions=graphql_extensions(s))`,
    possibly followed by other extensions.
    """
    return [GuardFactory(GuardConfig.from_settings(settings))]


def find_guard(extensions: Any) -> GuardFactory | None:
    """The `GuardFactory` among a schema's extensions, if any."""
    for extension in extensions:
        if isinstance(extension, GuardFactory):
            return extension
    return None


__all__ = [
    "DEFAULT_MAX_REPEATED_FIELDS",
    "MAX_CACHED_QUERY_LENGTH",
    "PASSWORD_MUTATIONS",
    "TOO_MANY_LOGINS",
    "DocumentCache",
    "DocumentGuard",
    "GuardConfig",
    "GuardFactory",
    "OneLoginPerRequestRule",
    "find_guard",
    "graphql_extensions",
    "measure_operations",
]
