//! Writing: every string a spec supplies is escaped for where it lands (HTML text and attributes, CSS strings, SVG, CSV), control characters refused, lengths bounded.
