"""Markdown dialects turned into the markdown the reader renders, at import time.

The reader renders Python-Markdown with its own extensions (admonition, attr_list, abbr,
footnotes, def_list, md_in_html, tables: see rendering.py). Other sites' dialects are rewritten
here into that markdown, so the reading copy holds clean markdown and no page shows syntax
as text:

- MkDocs content tabs (``=== "Label"`` with indented content): the label in bold, then the content;
- GitHub alerts (``> [!NOTE]``) and ``:::note[Title]`` directives (Astro, Docusaurus, VitePress):
  admonitions (``!!! note "Title"``);
- Liquid (Jekyll): ``{% highlight lang %}`` blocks become fenced code, other tags go;
- Hugo shortcodes: ``{{< ref "page" >}}`` becomes its target, other shortcodes go (their
  inner text stays);
- doc-site macros (MDN's KumaScript): ``{{glossary("JSON")}}`` becomes its text,
  navigation macros (``{{PreviousMenuNext(...)}}``) go, and the backslash-escaped ``{{`` such a
  site writes for a literal ``{{`` is unescaped; Tera comments ``{{/* ... */}}`` go;
- emoji shortcodes (``:white_check_mark:``) become the emoji they stand for (the emoji library's
  table, GitHub's aliases included).

Code (fenced, indented or inline) is left as written, apart from Liquid's highlight fences and
Tera comments, which are the template's, not the code's.
"""

import re

import emoji

from .blocks import code_lines, indent_of

# Every pattern is bounded (no unbounded lazy or overlapping runs), so text full of openers
# without their closers costs linear time, never quadratic.
LIQUID_HIGHLIGHT = re.compile(
    r"^(?P<indent>[ \t]*)\{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*-?%\}[ \t]*$", re.M
)
LIQUID_END_HIGHLIGHT = re.compile(r"^(?P<indent>[ \t]*)\{%-?\s*endhighlight\s*-?%\}[ \t]*$", re.M)
LIQUID_OUTPUT = re.compile(r"\{\{-?[ \t]?[\w.]{1,200}(?:[ \t]?\|[^{}\n]{0,500})?[ \t]?-?\}\}")
HUGO_REF = re.compile(
    r"\{\{[<%][ \t]*(?:rel)?ref[ \t]+\"?(?P<target>[^\"\s>%]{1,500})\"?[ \t]*[>%]\}\}"
)
HUGO_SHORTCODE = re.compile(r"\{\{[<%][ \t]*/?[\w./-]{1,200}(?:[ \t][^{}<>%\n]{0,1000})?[>%]\}\}")
MACRO = re.compile(
    r"(?<!\\)\{\{[ \t]?(?P<name>[A-Za-z_][\w-]{0,100})(?:\((?P<args>[^{}\n]{0,1000})\))?[ \t]?\}\}"
)
MACRO_ARGUMENT = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
# Macros that stand for a word or a name in the sentence (their display text is the last string
# argument when there are two, else the first); every other macro is page furniture.
TEXT_MACROS = re.compile(
    r"glossary|\w*xref|htmlelement|htmlattr\w*|httpheader|httpmethod|httpstatus|svgelement|"
    r"svgattr|mathmlelement|cssxref|jsxref|domxref|event|rfc|term|abbr",
    re.I,
)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
TAB = re.compile(r"^(?P<indent>[ \t]*)===[!+]?[ \t]+\"(?P<label>[^\"]*)\"[ \t]*$")
ALERT = re.compile(
    r"^(?P<indent>[ \t]*)>[ \t]*\[!(?P<kind>NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?P<rest>.*)$",
    re.I,
)
DIRECTIVE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<colons>:{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)"
    r"(?:\[(?P<bracket>[^\]]*)\]|\{[^}]*title=\"(?P<attr>[^\"]*)\"[^}]*\}|[ \t]+(?P<plain>[^\n{]+))?"
    r"[^\n]*$"
)
DIRECTIVE_CLOSE = re.compile(r"^[ \t]*:{3,}[ \t]*$")
ADMONITION_KINDS = {
    "note": "note", "tip": "tip", "info": "info", "important": "important", "warning": "warning",
    "caution": "caution", "danger": "danger", "success": "success", "question": "question",
    "example": "example", "quote": "quote", "abstract": "abstract", "bug": "bug",
    "failure": "failure", "hint": "tip", "attention": "warning", "error": "danger",
}  # fmt: skip


def convert_dialects(text):
    """A markdown text with every dialect above rewritten as the reader's markdown."""
    text = without_spans(text, "{{/*", "*/}}")  # Tera comments
    text = LIQUID_HIGHLIGHT.sub(lambda m: f"{m['indent']}```{m['lang']}", text)
    text = LIQUID_END_HIGHLIGHT.sub(lambda m: f"{m['indent']}```", text)
    lines = text.split("\n")
    lines = content_tabs(lines)
    lines = alerts(lines)
    lines = directives(lines)
    uses_macros = any(MACRO.search(line) for line in lines)
    lines = inline_pass(lines)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    if uses_macros:
        # A site with macros escapes a literal '{{' as '\{{' (in code too); its pages show '{{'.
        text = text.replace("\\{{", "{{")
    return text


def without_spans(text, opener, closer):
    """The text without every span from an opener to the first closer after it.

    A loop over str.find rather than a lazy regex: text full of openers with no closer costs
    linear time (once no closer is left, no later opener can close either).
    """
    pieces, position = [], 0
    while (start := text.find(opener, position)) != -1:
        end = text.find(closer, start + len(opener))
        if end == -1:
            break
        pieces.append(text[position:start])
        position = end + len(closer)
    pieces.append(text[position:])
    return "".join(pieces)


def title_case(kind):
    return kind[:1].upper() + kind[1:].lower()


def admonition(kind, title, content, indent=""):
    """Python-Markdown's admonition: '!!! kind "Title"' and its content indented four spaces."""
    kind = ADMONITION_KINDS.get(kind.lower(), "note")
    title = " ".join((title or "").split()).replace('"', "'")
    opener = f'{indent}!!! {kind} "{title}"' if title else f"{indent}!!! {kind}"
    body = [f"{indent}    {line}" if line.strip() else "" for line in content]
    while body and not body[-1]:
        body.pop()
    return [opener, *body, ""]


def content_tabs(lines):
    """MkDocs tabs: the label as a bold line, the tab's content dedented under it."""
    out, index, code = [], 0, code_lines(lines)
    while index < len(lines):
        match = TAB.match(lines[index])
        if code[index] or not match:
            out.append(lines[index])
            index += 1
            continue
        base = indent_of(match["indent"])
        out.extend([f"{match['indent']}**{match['label']}**", ""])
        index += 1
        while index < len(lines) and (
            not lines[index].strip() or indent_of(lines[index]) >= base + 4
        ):
            line = lines[index]
            out.append(line[:base] + line[base + 4 :] if line.strip() else "")
            index += 1
        out.append("")
    return out


def alerts(lines):
    """GitHub alerts ('> [!NOTE]' and the quote under it) as admonitions."""
    out, index, code = [], 0, code_lines(lines)
    while index < len(lines):
        match = ALERT.match(lines[index])
        if code[index] or not match:
            out.append(lines[index])
            index += 1
            continue
        content = [match["rest"]] if match["rest"].strip() else []
        index += 1
        while index < len(lines) and re.match(r"[ \t]*>", lines[index]):
            content.append(re.sub(r"^[ \t]*>[ \t]?", "", lines[index]))
            index += 1
        out.extend(admonition(match["kind"], "", content, match["indent"]))
    return out


def directives(lines):
    """':::kind[Title]' ... ':::' containers as admonitions (any other kind as a note).

    Openers and closers are paired first with a stack, in one pass; a container nested in
    another becomes an admonition nested in its admonition, and an opener never closed stays
    as written.
    """
    code = code_lines(lines)
    closing, stack = {}, []
    for index, line in enumerate(lines):
        if code[index]:
            continue
        if DIRECTIVE_CLOSE.match(line):
            if stack:
                closing[stack.pop()] = index
        elif DIRECTIVE_OPEN.match(line):
            stack.append(index)
    out, depth, closes = [], 0, set(closing.values())
    for index, line in enumerate(lines):
        prefix = "    " * depth
        if index in closing:
            match = DIRECTIVE_OPEN.match(line)
            title = match["bracket"] or match["attr"] or (match["plain"] or "").strip()
            kind = match["kind"].lower()
            if kind not in ADMONITION_KINDS and not title:
                title = title_case(kind)
            out.extend(
                f"{prefix}{part}" if part else "" for part in admonition(kind, title, [])[:1]
            )
            depth += 1
        elif index in closes:
            depth -= 1
            out.append("")
        else:
            out.append(f"{prefix}{line}" if line.strip() else "")
    return out


def macro_text(match):
    """A doc-site macro as the words it stands for, or nothing when it is page furniture."""
    if not TEXT_MACROS.fullmatch(match["name"]) or not match["args"]:
        return ""
    strings = [a or b for a, b in MACRO_ARGUMENT.findall(match["args"])]
    if not strings:
        return ""
    return strings[1] if len(strings) > 1 and strings[1] else strings[0]


def prose(text):
    """Inline dialect markup in a piece of prose (never inside inline code)."""
    text = HUGO_REF.sub(lambda m: m["target"], text)
    text = HUGO_SHORTCODE.sub("", text)
    text = without_spans(text, "{%", "%}")  # Liquid tags
    text = MACRO.sub(macro_text, text)
    text = LIQUID_OUTPUT.sub("", text)
    return emoji.emojize(text, language="alias")


def inline_pass(lines):
    """Shortcodes, macros, Liquid tags and emoji codes rewritten outside code."""
    out, code = [], code_lines(lines)
    for line, is_code in zip(lines, code, strict=True):
        if is_code:
            out.append(line)
            continue
        pieces, last = [], 0
        for span in INLINE_CODE.finditer(line):
            pieces.append(prose(line[last : span.start()]))
            pieces.append(span.group())
            last = span.end()
        pieces.append(prose(line[last:]))
        rewritten = "".join(pieces)
        if line.strip() and not rewritten.strip():
            continue  # a line that only held furniture (a navigation macro, a Liquid tag)
        out.append(rewritten)
    return out
