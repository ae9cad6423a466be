"""The README's commands are the ones CI runs, so they cannot drift apart."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    command = ci[ci.index("# README test command:") + 1]
    assert command in (ROOT / "README.md").read_text()


def test_readme_serve_command_loads_the_seed_content():
    readme = (ROOT / "README.md").read_text()
    assert "manage.py migrate" in readme and "manage.py load_articles fixtures/" in readme


def test_the_readme_gives_the_nginx_configuration_the_benchmark_runs():
    config = (ROOT / "deploy" / "nginx.conf").read_text().rstrip()
    assert f"```nginx\n{config}\n```" in (ROOT / "README.md").read_text()


def test_the_readme_gives_the_gunicorn_settings_the_benchmark_runs():
    config = (ROOT / "deploy" / "gunicorn.conf.py").read_text().rstrip()
    assert f"```python\n{config}\n```" in (ROOT / "README.md").read_text()
