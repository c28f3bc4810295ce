"""The registry's endpoints (``/api/v1/registry/…``), registered under the ``api_routers``
hook (docs/api.md): its reads (``registry``) and the writes a token's scope opens
(``writes``: assessment proposals, registry imports)."""

from ninja import Router

router = Router()

# Each module adds its endpoints to ``router`` when imported.
from cairn.recommendations.api import registry, writes  # noqa: E402, F401
