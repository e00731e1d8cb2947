"""Raw OOXML helpers for :mod:`pipeline.read.from_docx`, where python-docx stops.

These modules work on lxml elements only (they never import python-docx):

* :mod:`.names`     tag and attribute names in Clark notation (``{ns}p``);
* :mod:`.package`   zip and XML safety checks made before anything is parsed;
* :mod:`.styles`    paragraph styles: the ``basedOn`` chain and style-inherited ``numPr``;
* :mod:`.numfmt`    number formats: ``3`` as ``"III"``, ``"c"``, ``"03"``; bullet characters;
* :mod:`.numbering` ``numbering.xml`` definitions and the list counters that render labels
  such as ``"1.2."`` for "1.2. Tiếp tục thực hiện Kết luận số 120-KL/TW ...";
* :mod:`.inline`    the text of one paragraph: runs, tracked changes, fields, footnote marks.
"""
