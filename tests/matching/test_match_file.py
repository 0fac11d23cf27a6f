"""`omkeer match-file`: the command line around the engine's file interface."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DOC = {
    "rules": {"min_level_gap": 2, "reporting_line_depth": 2, "objective": "most_matched"},
    "weights": {"skills": 1.0, "interests": 0.3, "cross_department": 0.2, "reciprocal": 0.2},
    "employees": [
        {"id": "CEO", "department": "Board", "team": "", "level": 10, "manager": None},
        {"id": "E9", "department": "Sales", "team": "S1", "level": 8, "manager": "CEO"},
        {"id": "E1", "department": "IT", "team": "T1", "level": 2, "manager": "CEO"},
        {"id": "E2", "department": "Sales", "team": "S1", "level": 2, "manager": "E9"},
    ],
    "mentors": [
        {"id": "E1", "capacity": 1, "skills": {"social_media": 4}, "interests": ["cycling"], "wants": {"strategy": 2}},
        {"id": "E2", "capacity": 1, "skills": {"social_media": 4}, "interests": [], "wants": {}},
    ],
    "mentees": [
        {
            "id": "E9",
            "wants": {"social_media": 3},
            "skills": {"social_media": 1, "strategy": 4},
            "interests": ["cycling"],
        }
    ],
    "pinned": [],
    "forbidden": [],
}


def write(tmp_path: Path, doc) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return path


def test_match_file_writes_pairs_with_reasons(tmp_path):
    out = tmp_path / "out.json"
    call_command("match_file", str(write(tmp_path, DOC)), "-o", str(out), stderr=io.StringIO())
    result = json.loads(out.read_text())
    assert [(p["mentor"], p["mentee"]) for p in result["pairs"]] == [("E1", "E9")]  # E2 is in E9's team and line
    assert (
        "the mentor is 3 levels stronger in social media, which the mentee rated most important"
        in result["pairs"][0]["reasons"]
    )
    assert "both like cycling" in result["pairs"][0]["reasons"]
    assert result["stats"]["certificate"]["optimal"] is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["employees"].append(dict(d["employees"][0])), "employee CEO: duplicate id"),
        (lambda d: d["employees"][1].update(level=11), "employee E9: level must be"),
        (lambda d: d["employees"][0].update(manager="E9"), "management cycle"),
        (lambda d: d["mentors"][0].update(capacity=-1), "mentor E1: capacity"),
        (lambda d: d["mentees"].append({"id": "X"}), "mentee X: not among the employees"),
        (lambda d: d["employees"][1].update(manager="NOPE"), "unknown manager NOPE"),
        (lambda d: d["rules"].update(colour="red"), "rules.colour: unknown setting"),
        (
            lambda d: d["rules"].update(min_cross_department_share=1.2),
            "rules.min_cross_department_share: must be a number from 0 to 1, or null",
        ),
        (lambda d: d["pinned"].append({"mentor": "E2", "mentee": "E9"}), "pinned pair E2–E9: breaks a hard rule"),
    ],
)
def test_bad_input_names_the_record_and_writes_nothing(tmp_path, change, message):
    doc = json.loads(json.dumps(DOC))
    change(doc)
    out = tmp_path / "out.json"
    with pytest.raises(CommandError, match=message):
        call_command("match_file", str(write(tmp_path, doc)), "-o", str(out))
    assert not out.exists()


def test_invalid_json_is_refused_with_its_position(tmp_path):
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("match_file", str(write(tmp_path, "{nope")))


def test_console_script_exits_1_on_bad_input(tmp_path):
    doc = json.loads(json.dumps(DOC))
    doc["mentors"][0]["capacity"] = -1
    out = tmp_path / "out.json"
    script = Path(sys.executable).with_name("omkeer")
    done = subprocess.run([script, "match-file", write(tmp_path, doc), "-o", out], capture_output=True, text=True)
    assert done.returncode == 1
    assert "mentor E1: capacity must be a whole number of at least 0" in done.stderr
    assert not out.exists()


def test_console_script_exits_1_on_a_bad_cross_department_share(tmp_path):
    doc = json.loads(json.dumps(DOC))
    doc["rules"]["min_cross_department_share"] = "most"
    out = tmp_path / "out.json"
    script = Path(sys.executable).with_name("omkeer")
    done = subprocess.run([script, "match-file", write(tmp_path, doc), "-o", out], capture_output=True, text=True)
    assert done.returncode == 1
    assert "rules.min_cross_department_share: must be a number from 0 to 1, or null" in done.stderr
    assert not out.exists()


def test_match_file_reports_the_cross_department_share(tmp_path):
    doc = json.loads(json.dumps(DOC))
    doc["rules"]["min_cross_department_share"] = 1.0
    out = tmp_path / "out.json"
    call_command("match_file", str(write(tmp_path, doc)), "-o", str(out), stderr=io.StringIO())
    share = json.loads(out.read_text())["stats"]["side_constraints"]["min_cross_department_share"]
    assert share["target"] == 1.0
    assert share["achieved"] == 1.0  # E1 (IT) mentors E9 (Sales)
    assert share["infeasible"] is False
