# French formats per the OQLF: "lundi 20 octobre 2025", "13 h 30".
# Whole hours ("9 h", not "9 h 00") are written by the `heure` template filter,
# since Django's format characters cannot drop the minutes conditionally.

from automne.french import NBSP

DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "G \\h i"
DATETIME_FORMAT = "l j F Y, G \\h i"
SHORT_DATETIME_FORMAT = "Y-m-d G \\h i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 0  # dimanche, as in Québec
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = NBSP
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H h %M"]
