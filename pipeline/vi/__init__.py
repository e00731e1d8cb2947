"""The ground floor of Vietnamese text knowledge: every stage imports it, it imports no stage.

* :mod:`~pipeline.vi.fold`: NFC, tone placement (``hoà``/``hòa``, ``uỷ``/``ủy``, ``quý`` kept),
  ``đ`` folding: comparison and search keys (``canon``, ``fold``, ``new_tone``), never display;
* :mod:`~pipeline.vi.syllables`: the syllable grammar (``is_syllable``, ``unglue``);
* :mod:`~pipeline.vi.markers`: outline numbering labels (``match_marker``) and casing
  (``is_capitalised``);
* :mod:`~pipeline.vi.numbers`: document numbers and symbols (``document_key``,
  ``type_from_symbol``);
* :mod:`~pipeline.vi.lexicon`: the loaders of the lexicon files (``models/lexicons/``).

Import the submodule you need (``from pipeline.vi.fold import canon``): this package file
imports nothing, so each stage loads only what it uses.
"""
