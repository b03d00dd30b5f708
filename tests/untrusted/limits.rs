//! Limits: claims are bounded boolean conditions over declared results, every parameter range is declared, and work and time are budgeted.
