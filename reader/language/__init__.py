"""The Chinese language tools that layout analysis and search share.

jieba's segmentation with the newspaper dictionary (``segmenter``), and the one text
normalisation (``normalize``, with its traditional-to-simplified table ``t2s_table``).
Layout asks the dictionary whether a word runs across a line break; search cuts and folds
text with the same tools. Both build on this package, so neither depends on the other:
data flows pages → articles → index, and layout never reaches into search.
"""
