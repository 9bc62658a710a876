# Data package: files here ship inside the wheel as ``annotator._resources``.
