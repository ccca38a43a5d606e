"""GraphiQL (development only), served with its scripts and styles from the hub itself.

Strawberry's page loads React and GraphiQL from unpkg.com; on the closed government networks
the hub runs on, that page stays blank. The same files (same versions, so the page's
Subresource Integrity hashes still hold) are vendored in `static/graphiql/` (licenses in
LICENSES.txt) and the page is rewritten to load them from `/graphiql-assets/`.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles
from strawberry.http.ides import get_graphql_ide_html

ASSETS_DIRECTORY = Path(__file__).parent / "static" / "graphiql"
ASSETS_PATH = "/graphiql-assets"

# unpkg URL in Strawberry's page → vendored file. When Strawberry changes versions, the check
# below fails loudly: refresh the files with `npm pack` of the new versions.
VENDORED = {
    "https://unpkg.com/react@18.2.0/umd/react.production.min.js": "react.production.min.js",
    "https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js": (
        "react-dom.production.min.js"
    ),
    "https://unpkg.com/js-cookie@3.0.5/dist/js.cookie.min.js": "js.cookie.min.js",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.css": "graphiql.min.css",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer.css",
    "https://unpkg.com/graphiql@3.8.3/graphiql.min.js": "graphiql.min.js",
    "https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": (
        "plugin-explorer.umd.js"
    ),
}


def local_graphiql_html() -> str:
    html = get_graphql_ide_html("graphiql")
    for remote, name in VENDORED.items():
        if remote not in html:
            raise RuntimeError(
                f"Strawberry's GraphiQL page no longer loads {remote}: "
                f"refresh hub/http/static/graphiql/ to the versions it uses"
            )
        html = html.replace(remote, f"{ASSETS_PATH}/{name}")
    return html


def graphiql_routes() -> list[BaseRoute]:
    return [Mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIRECTORY), name="graphiql-assets")]
