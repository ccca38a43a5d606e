"""The `hub` command: migrate, load the demo, serve, and keep schema.graphql current."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy.engine import make_url

from hub.db import create_engine, create_session_factory, refresh_statistics
from hub.demo import (
    DEMO_PARTNER_CLIENT_ID,
    DEMO_PARTNER_SCOPES,
    DEMO_PARTNER_SECRET,
    DEMO_PASSWORD,
    DemoScale,
    DemoSummary,
    demo_accounts_table,
    load_demo,
)
from hub.migrations import upgrade_to_head
from hub.settings import PROJECT_ROOT, get_settings

app = typer.Typer(
    help="互联网+监管 数据枢纽（the hub）", no_args_is_help=True, add_completion=False
)
console = Console(stderr=True)

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"


@app.command()
def migrate() -> None:
    """迁移数据库到最新结构（Alembic upgrade head）。"""
    settings = get_settings()
    console.print(f"迁移数据库 {_shown(settings.database_url)} …")
    upgrade_to_head(settings.database_url)
    console.print("[green]数据库结构已是最新[/green]")


@app.command()
def demo(
    small: Annotated[bool, typer.Option(help="载入测试所用的小数据集")] = False,
) -> None:
    """按需迁移，然后载入演示数据（可重复执行：第二次不做任何改动）。"""
    migrate()
    scale = DemoScale.for_tests() if small else DemoScale.full()
    summary = asyncio.run(_load_demo(scale))
    console.print(
        "[green]演示数据已载入[/green]"
        if summary.inserted
        else "[green]演示数据已存在，未改动[/green]"
    )
    for table, count in summary.counts.items():
        console.print(f"  {table:<28} {count:>8}")
    _print_demo_accounts()


def _print_demo_accounts() -> None:
    console.print(f"\n演示账号（密码均为 [bold]{DEMO_PASSWORD}[/bold]）：")
    for number, holder, role in demo_accounts_table():
        console.print(f"  {number}  {holder.ljust(3, '　')}  {role}", soft_wrap=True)
    console.print("\n合作系统客户端（OAuth2 client credentials，POST /oauth/token）：")
    console.print(f"  client_id      {DEMO_PARTNER_CLIENT_ID}", highlight=False)
    console.print(f"  client_secret  {DEMO_PARTNER_SECRET}", highlight=False)
    console.print(f"  scope          {DEMO_PARTNER_SCOPES}", highlight=False)


async def _load_demo(scale: DemoScale) -> DemoSummary:
    engine = create_engine(get_settings().database_url)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as progress:
            tasks: dict[str, TaskID] = {}

            def report(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = progress.add_task(step, total=total)
                progress.update(tasks[step], completed=done, total=total)

            summary = await load_demo(create_session_factory(engine), scale=scale, progress=report)
        if summary.inserted:
            await refresh_statistics(engine)
        return summary
    finally:
        await engine.dispose()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址（默认 HUB_HOST）")] = None,
    port: Annotated[int | None, typer.Option(help="端口（默认 HUB_PORT）")] = None,
    workers: Annotated[int, typer.Option(min=1, help="工作进程数")] = 1,
) -> None:
    """启动 GraphQL 服务（/graphql，开发环境带 GraphiQL）。"""
    settings = get_settings()
    bind_host = host or settings.host
    bind_port = port or settings.port
    console.print(f"GraphQL: http://{bind_host}:{bind_port}/graphql")
    uvicorn.run(
        "hub.server:create_app_from_settings",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers,
        log_level=settings.log_level,
        # Access logs cost more than the request on a fast path; uvicorn's is off, ours is
        # the structured log of errors.
        access_log=False,
    )


@app.command()
def schema(
    check: Annotated[bool, typer.Option(help="只检查 schema.graphql 是否最新，不写入")] = False,
) -> None:
    """导出 SDL 到 schema.graphql（--check：过期则失败）。"""
    from hub.schema.root import build_schema

    sdl = build_schema(get_settings()).as_str() + "\n"
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if check:
        if current != sdl:
            console.print("[red]schema.graphql 已过期：运行 `make schema` 并提交[/red]")
            raise typer.Exit(1)
        console.print("schema.graphql 是最新的")
        return
    SCHEMA_FILE.write_text(sdl, encoding="utf-8")
    console.print(f"已写入 {SCHEMA_FILE.relative_to(PROJECT_ROOT)}")


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


audit_app = typer.Typer(help="全程留痕", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """校验审计哈希链：逐条重算哈希并核对链接（流式，内存恒定）。"""
    from hub.audit_chain import verify_chain

    async def run() -> None:
        engine = create_engine(get_settings().database_url)
        try:
            report = await verify_chain(engine)
        finally:
            await engine.dispose()
        if not report.intact:
            console.print(
                f"[red]审计链在第 {report.count + 1} 条（事件 ID {report.broken_event_id}）"
                f"处不符：{report.problem}[/red]"
            )
            raise typer.Exit(1)
        console.print(f"审计链完整，共 {report.count} 条")

    asyncio.run(run())


app.add_typer(audit_app, name="audit")


@app.command()
def push(
    once: Annotated[bool, typer.Option("--once", help="推送当前到期的消息后退出")] = False,
    status: Annotated[bool, typer.Option("--status", help="只显示待推送、失败重试的数量")] = False,
    interval: Annotated[float, typer.Option(help="两轮之间的间隔（秒）")] = 2.0,
) -> None:
    """把发件箱（outbox）中的消息推送到配置的国家级接收方：至少一次、按主体顺序、失败退避重试。"""
    from hub.push.command import run_push

    raise typer.Exit(run_push(once=once, status=status, interval_seconds=interval, console=console))


credit_app = typer.Typer(help="信用分类监管", no_args_is_help=True)


@credit_app.command("recompute")
def credit_recompute(
    all_entities: Annotated[
        bool, typer.Option("--all", help="重新评价全部市场主体（批量导入之后）")
    ] = False,
    uscc: Annotated[
        list[str] | None, typer.Option(help="只重新评价这些市场主体（统一社会信用代码，可重复）")
    ] = None,
) -> None:
    """按当前生效的信用分类规则重新评价市场主体（一次集合运算，一个事务）。"""
    from hub.credit.cli import recompute_command

    if all_entities == bool(uscc):
        console.print("[red]请指定 --all 或至少一个 --uscc[/red]")
        raise typer.Exit(2)
    raise typer.Exit(asyncio.run(recompute_command(get_settings().database_url, uscc, console)))


app.add_typer(credit_app, name="credit")


@app.command("import")
def import_records(
    file: Annotated[Path, typer.Argument(help="要导入的文件（JSON Lines 或 CSV）")],
    file_format: Annotated[
        str | None, typer.Option("--format", help="jsonl 或 csv（默认按扩展名）")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="被拒绝的行（及警告）写入此 JSON Lines 文件")
    ] = None,
    department: Annotated[
        str | None, typer.Option(help="行内未写部门时使用的部门：区划代码-部门代码")
    ] = None,
) -> None:
    """导入历史监管记录（可中断后重跑：已导入的行按原系统编号跳过）。见 docs/import-format.md。"""
    from hub.collection.importer import run_import

    raise typer.Exit(run_import(file, file_format, report, department, console))


catalogue_app = typer.Typer(help="监管事项目录清单", no_args_is_help=True)


@catalogue_app.command("import")
def catalogue_import(
    file: Annotated[Path, typer.Argument(help="国家监管事项目录文件（CSV、JSON 或 JSON Lines）")],
    file_format: Annotated[
        str | None, typer.Option("--format", help="csv、json 或 jsonl（默认按扩展名）")
    ] = None,
) -> None:
    """导入国家监管事项目录（按编码幂等，可重复导入）。格式见 docs/catalogue-format.md。"""
    from hub.catalogue.cli import run_catalogue_import

    raise typer.Exit(run_catalogue_import(file, file_format, console))


app.add_typer(catalogue_app, name="catalogue")


@app.command("linkage-rules")
def linkage_rules() -> None:
    """载入证照联动规则（hub/data/linkage_rules.csv；只新增缺少的规则，已有及管理员修改的保持不变）。"""
    from hub.linkage.rules import load_linkage_rules

    async def run() -> int:
        engine = create_engine(get_settings().database_url)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                return await load_linkage_rules(session)
        finally:
            await engine.dispose()

    console.print(f"新增证照联动规则 {asyncio.run(run())} 条")


complaints_app = typer.Typer(help="监管投诉", no_args_is_help=True)


@complaints_app.command("pull")
def complaints_pull(
    max_pages: Annotated[
        int | None, typer.Option(min=1, help="最多拉取的页数（默认拉到没有新投诉为止）")
    ] = None,
) -> None:
    """从国家投诉数据源拉取新投诉：按游标增量、按投诉编号幂等，关联市场主体并按规则分派。"""
    from connectors import ConnectorRegistry
    from hub.complaints.intake import ComplaintFeedUnavailable, pull_complaints

    settings = get_settings()
    if settings.connectors_file is None:
        console.print("[red]未配置连接器文件（HUB_CONNECTORS_FILE），无法拉取投诉[/red]")
        raise typer.Exit(1)
    connectors_file = settings.connectors_file

    async def run() -> None:
        engine = create_engine(settings.database_url)
        registry = ConnectorRegistry.from_file(connectors_file)
        try:
            report = await pull_complaints(
                create_session_factory(engine), registry, max_pages=max_pages
            )
        except ComplaintFeedUnavailable as error:
            console.print(f"[red]{error}[/red]")
            raise typer.Exit(1) from error
        finally:
            await registry.aclose()
            await engine.dispose()
        console.print(
            f"拉取 {report.pages} 页：新投诉 {report.received} 件（已分派 {report.dispatched}，"
            f"待确认被投诉主体 {report.awaiting_confirmation}），已有 {report.already_known} 件；"
            f"游标 {report.cursor}"
        )

    asyncio.run(run())


app.add_typer(complaints_app, name="complaints")
risk_app = typer.Typer(help="风险预警", no_args_is_help=True)


@risk_app.command("evaluate")
def risk_evaluate() -> None:
    """按启用的风险模型评估全部市场主体，产生新的预警（已有未办结预警的不重复产生）。"""
    from hub.risk.evaluation import evaluate

    async def run() -> list[int]:
        engine = create_engine(get_settings().database_url)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                return await evaluate(session)
        finally:
            await engine.dispose()

    new_ids = asyncio.run(run())
    console.print(f"评估完成，新增预警 {len(new_ids)} 条")


app.add_typer(risk_app, name="risk")
