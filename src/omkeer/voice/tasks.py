from __future__ import annotations

from omkeer.voice.pulse import send_pulse_waves

__all__ = ["send_pulse_waves"]
