//! Reading: a spec reads only regular files below its own folder (or the shipped data), with size and decompression limits, and an error never shows a file's content.
