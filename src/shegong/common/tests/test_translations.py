"""Every catalogue under src/shegong is complete, compiled, consistent; the shell speaks both languages."""

import re
import shutil
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from shegong.common.management import catalogues

from .html import parse

PO_FILES = catalogues.po_files()
PROJECT_PO = catalogues.PACKAGE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _id(po: Path) -> str:
    return catalogues.relative(po)


def test_the_project_catalogue_is_among_the_catalogues_checked():
    assert PROJECT_PO in PO_FILES


@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po):
    gaps = catalogues.gaps(po)

    assert not gaps, "fill these msgstr (and drop the fuzzy flag):\n" + "\n".join(map(str, gaps))


@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_catalogue_is_compiled_and_up_to_date(po):
    reason = catalogues.stale_reason(po)

    assert reason is None, f"{_id(po)}: {reason}; run `shegong compile_translations`"


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_translations_keep_every_placeholder(po):
    wrong = []
    for entry in polib.pofile(str(po)).translated_entries():
        expected = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if _placeholders(text) != expected:
                wrong.append(f"{entry.msgid!r} → {text!r}")

    assert not wrong, f"{_id(po)}: placeholders differ:\n" + "\n".join(wrong)


def test_no_message_is_translated_differently_in_two_catalogues():
    """Django merges the catalogues and the first one wins: a second translation is never shown."""
    seen = defaultdict(dict)
    for po in PO_FILES:
        for entry in polib.pofile(str(po)).translated_entries():
            key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
            value = dict(entry.msgstr_plural) if entry.msgid_plural else entry.msgstr
            seen[key][_id(po)] = value
    conflicts = [
        f"{key[1]!r}: " + "; ".join(f"{where} → {value!r}" for where, value in found.items())
        for key, found in seen.items()
        if len({repr(v) for v in found.values()}) > 1
    ]

    assert not conflicts, "same msgid, different translations (agree on one, or use pgettext):\n" + "\n".join(
        conflicts
    )


@pytest.mark.parametrize("po", PO_FILES, ids=_id)
def test_every_translation_is_the_one_shown(po):
    """No other catalogue shadows ours: Django's contrib apps listed first in INSTALLED_APPS win a msgid.

    (``Filter`` is 过滤器 in django.contrib.admin's catalogue; an app that wants 筛选 must use
    another msgid or a context, or the project catalogue, which comes first.)
    """
    if catalogues.stale_reason(po):
        pytest.skip("the .mo is stale; test_catalogue_is_compiled_and_up_to_date reports it")
    shadowed = []
    with translation.override("zh-hans"):
        for entry in polib.pofile(str(po)).translated_entries():
            if entry.msgid_plural:
                shown, wanted = (
                    translation.ngettext(entry.msgid, entry.msgid_plural, 1),
                    entry.msgstr_plural[0],
                )
            elif entry.msgctxt:
                shown, wanted = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
            else:
                shown, wanted = translation.gettext(entry.msgid), entry.msgstr
            if shown != wanted:
                shadowed.append(f"{entry.msgid!r}: catalogue says {wanted!r}, page shows {shown!r}")

    assert not shadowed, f"{_id(po)}: another catalogue wins these msgids:\n" + "\n".join(shadowed)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "brand", "sign_in", "absent"),
    [
        ("zh-hans", "首页 · 社工平台", "社工平台", "登录", "Sign in"),
        ("en", "Home · Shegong social work platform", "Shegong social work platform", "Sign in", "登录"),
    ],
)
def test_home_page_renders_in_the_chosen_language(client, language, title, brand, sign_in, absent):
    client.cookies["django_language"] = language

    html = client.get("/").content.decode()

    document = parse(html)
    assert document.find("html").attrs["lang"] == language
    assert document.find("title").text == title
    assert document.find("a", cls="navbar-brand").text == brand
    assert document.find("a", cls="btn-primary").text == sign_in
    main = document.find("main").text
    assert absent not in main
    if language == "en":
        assert not re.search(r"[\u4e00-\u9fff]", main), "no Chinese left in the English page body"


# The commands, on a throw-away package tree.

PO_TEMPLATE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_Hans\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Hello"
msgstr "你好"

msgid "Later"
msgstr ""
"""


def _catalogue(root: Path, where: str) -> Path:
    po = root / where / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO_TEMPLATE, encoding="utf-8")
    return po


def test_compile_translations_compiles_every_catalogue_and_says_which(tmp_path, capsys):
    project = _catalogue(tmp_path, ".")
    app = _catalogue(tmp_path, "stations")

    call_command("compile_translations", root=tmp_path)

    out = capsys.readouterr().out
    for po in (project, app):
        assert f"compiled {catalogues.relative(po.with_suffix('.mo'))} (1 messages, 1 untranslated" in out
        compiled = {e.msgid: e.msgstr for e in polib.mofile(str(po.with_suffix(".mo")))}
        assert compiled == {"Hello": "你好"}
    assert "Compiled 2 catalogue(s)." in out


def test_compile_translations_check_fails_on_a_stale_mo_and_writes_nothing(tmp_path):
    po = _catalogue(tmp_path, "stations")
    call_command("compile_translations", root=tmp_path)
    po.write_text(PO_TEMPLATE.replace('msgstr "你好"', 'msgstr "您好"'), encoding="utf-8")
    before = po.with_suffix(".mo").read_bytes()

    with pytest.raises(CommandError, match="1 catalogue"):
        call_command("compile_translations", root=tmp_path, check=True)

    assert po.with_suffix(".mo").read_bytes() == before
    assert "1 translation(s) changed, e.g. 'Hello'" in catalogues.stale_reason(po)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_update_translations_keeps_app_strings_out_of_the_project_catalogue(tmp_path, settings, capsys):
    (tmp_path / "templates" / "stations").mkdir(parents=True)
    (tmp_path / "templates" / "stations" / "shell.html").write_text(
        '{% load i18n %}{% translate "Shell string" %}', encoding="utf-8"
    )
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "common" / "views.py").write_text(
        'from django.utils.translation import gettext as _\n_("Common string")\n'
    )
    for app in ("stations", "accounts"):
        (tmp_path / app / "templates" / app).mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "stations" / "models.py").write_text(
        'from django.utils.translation import gettext as _\n_("Station")\n'
    )
    (tmp_path / "stations" / "templates" / "stations" / "list.html").write_text(
        '{% load i18n %}{% translate "Station list" %}', encoding="utf-8"
    )
    (tmp_path / "accounts" / "navigation.py").write_text(
        'from django.utils.translation import gettext as _\n_("Nav")\n'
    )
    (tmp_path / "accounts" / "views.py").write_text(
        'from django.utils.translation import gettext as _\n_("Account")\n'
    )
    settings.LOCALE_PATHS = [tmp_path / "locale"]

    call_command("update_translations", root=tmp_path)

    def msgids(where: str) -> set[str]:
        po = tmp_path / where / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
        return {entry.msgid for entry in polib.pofile(str(po))}

    assert msgids(".") == {"Shell string", "Common string", "Nav"}
    assert msgids("stations") == {"Station", "Station list"}
    assert msgids("accounts") == {"Account"}
    assert "Fill every empty msgstr" in capsys.readouterr().out
