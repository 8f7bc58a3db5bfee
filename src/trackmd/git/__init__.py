"""Every git process: the repository, blobs through one `cat-file --batch`."""
