from __future__ import annotations

from omkeer.privacy.retention import purge_expired

__all__ = ["purge_expired"]
