"""Vietnamese dates as offices write them: day first, with slashes ("25/12/2026"), typed and shown alike.

Django's own Vietnamese formats name no input format, so the admin read "01/12/2026" in the US order (12 January)
and its calendar's "Hôm nay" wrote ISO dates. The first input format is also what the admin's calendar writes.
Everything not set here comes from Django's Vietnamese formats."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
]
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Django's Vietnamese formats name the separators ("." thousands, "," decimals) but no grouping: counts written
# with number_format(force_grouping=True) read 1.572, as the articles print them.
NUMBER_GROUPING = 3
