"""Omkeer: reverse mentoring programmes, from pilot to proof."""
