"""The benchmark's figures as the README's tables."""


def kilobytes(count):
    """A size in KB, or in MB from 1 MB (the claims sitemap: 6.5 MB a page at scale)."""
    if count is None:
        return "–"
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    return f"{count / 1024:.0f} KB"


def render_table(renders):
    labels = list(renders)
    lines = [
        "| page (uncached p50 ms, × admin login; cached p50) | "
        + " | ".join(labels)
        + " |\n|---|"
        + "---|" * len(labels)
    ]
    for page in next(iter(renders.values())):
        cells = []
        for label in labels:
            figures = renders[label][page]
            cells.append(
                f"{figures['uncached']['p50_ms']:g} ms, {figures['ratio_to_admin_login']:g}× "
                f"({figures['cached']['p50_ms']:g})"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines.append(
        "\n| page size (HTML / gzip) | " + " | ".join(labels) + " |\n|---|" + "---|" * len(labels)
    )
    for page in next(iter(renders.values())):
        cells = [
            f"{kilobytes(renders[label][page]['bytes'])} / "
            f"{kilobytes(renders[label][page]['gzip_bytes'])}"
            for label in labels
        ]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def load_table(label, load):
    lines = [
        f"\n| {label}: {load['workers']} gunicorn workers, page cache {load['page cache']}; "
        f"wrk, 64 connections, {load['seconds']} s | requests/s | p99 | non-2xx | socket errors |"
        "\n|---|---|---|---|---|"
    ]
    for front in ("gunicorn", "nginx"):
        if front not in load:
            continue
        for name, figures in load[front].items():
            if not isinstance(figures, dict):
                continue
            lines.append(
                f"| {front}: {name} | {figures['requests_per_second']} | {figures['p99_ms']:g} ms "
                f"| {figures['non_2xx']} | {figures['socket_errors']} |"
            )
    ratios = " · ".join(
        f"{front} **{load[front]['ratio to static']}**"
        for front in ("gunicorn", "nginx")
        if front in load
    )
    lines.append(
        f"\nComparison ({kilobytes(load['bytes'])}) / a static file of its bytes: {ratios}."
    )
    return lines


def table(results):
    lines = render_table(results["render"])
    for label, load in (results.get("load") or {}).items():
        if load:
            lines.extend(load_table(label, load))
    imports = results.get("import")
    if imports:
        lines.append(
            "\n| import of 1,000 article files (50 claims each on average) | seconds | articles/s |"
            "\n|---|---|---|"
        )
        for label, figures in imports.items():
            lines.append(f"| {label} | {figures['seconds']:g} | {figures['per_second']:g} |")
    return "\n".join(lines)
