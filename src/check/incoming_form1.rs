//! Validation of a received Ministry form 1 workbook.
