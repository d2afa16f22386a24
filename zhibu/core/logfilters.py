"""Log hygiene: an ID number or a mobile number that reaches a log line (a URL in a 404 warning, a query string in
the development server's request line, an exception message) is masked before any handler writes it."""

import logging
import re

from zhibu.core.masking import mask_id_number

# 11 digits and more (mobiles, old 15-digit and current 18-digit ID numbers, with a trailing X); shorter runs are
# record ids, years and counts that a log needs.
DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{10,}[0-9Xx](?![0-9])")


def mask_digit_runs(text: str) -> str:
    return DIGIT_RUN.sub(lambda match: mask_id_number(match.group()), text)


class MaskDigitRuns(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call is logged as it came rather than lost
            return True
        masked = mask_digit_runs(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_digit_runs(logging.Formatter().formatException(record.exc_info))
        return True
