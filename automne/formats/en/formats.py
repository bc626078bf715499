# English formats (issue 24): "Monday, October 20, 2025", "1:30 p.m.". Whole hours ("9 a.m.") are
# written by automne/english.py, which the `heure` filter calls on English pages.

DATE_FORMAT = "l, F j, Y"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "P"
DATETIME_FORMAT = "l, F j, Y, P"
SHORT_DATETIME_FORMAT = "Y-m-d P"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H h %M"]
