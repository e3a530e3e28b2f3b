"""Stage `ocr` (O): characters OCR confuses (digits, brackets, stop and comma) and OCR noise."""
