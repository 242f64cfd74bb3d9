# English as it is read in Europe: "Friday, 11 December 2026", never "12/11/2026", which a reader
# on either side of the Atlantic could take for the other date. Only output formats change; the
# input formats stay Django's.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, P"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, P"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "P"
