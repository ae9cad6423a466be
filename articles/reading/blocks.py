"""Which lines of a markdown text are code: the one walk the dialect and unwrapping passes share.

Code is never rewritten by a pass that reads prose. A line is code inside a fenced block
(``` or ~~~, at any indent: content tabs and admonitions indent theirs) or in an indented
block: four spaces deeper than the container it is in (a list item's or an admonition's
content), after a blank line.
"""

import re

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+)\S")
CONTAINER_OPENER = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===[!+]?)[ \t]+\S")


def indent_of(line):
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def code_lines(lines):
    """A list of booleans: True where the line at that index is code."""
    flags = [False] * len(lines)
    fence = None  # (character, length) of the open fence
    containers = [0]  # content indents of the list items / admonitions the text is inside
    previous_blank, previous_code = True, False
    for index, line in enumerate(lines):
        if fence is not None:
            flags[index] = True
            match = FENCE.match(line)
            closes = (
                match
                and match.group("fence")[0] == fence[0]
                and len(match.group("fence")) >= fence[1]
                and not line.strip()[len(match.group("fence")) :].strip()
            )
            if closes:
                fence = None
            continue
        if not line.strip():
            previous_blank = True
            flags[index] = previous_code  # a blank line inside indented code belongs to it
            continue
        indent = indent_of(line)
        while len(containers) > 1 and indent < containers[-1] and previous_blank:
            containers.pop()
        if indent >= containers[-1] + 4 and (previous_blank or previous_code):
            flags[index] = previous_code = True
            previous_blank = False
            continue
        previous_code = False
        previous_blank = False
        if match := FENCE.match(line):
            fence = (match.group("fence")[0], len(match.group("fence")))
            flags[index] = True
            continue
        if match := LIST_ITEM.match(line):
            containers.append(
                indent_of(match.group("indent"))
                + len(match.group("marker"))
                + len(match.group("gap").expandtabs(4))
            )
        elif CONTAINER_OPENER.match(line):
            containers.append(indent + 4)
    # A trailing run of blank lines after code is not code.
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            break
        flags[index] = False
    return flags
