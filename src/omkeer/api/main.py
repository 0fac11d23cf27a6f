from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="Omkeer API", version="1", urls_namespace="api", docs_url="/docs")
