"""监管事项目录清单: the rules of the supervision-item catalogue.

- `items`: departments maintain their own items (create, update, publish, retire, delete,
  link to the national catalogue), each change one transaction and one audit event.
- `exercise`: which department exercises which item (entry validation, coverage).
- `national`: importing the national catalogue (`hub catalogue import`).
- `ministries`: which department code implements the items of which issuing ministry.
- `vocabulary`: the words of the catalogue files (kinds, levels, legal bases).
"""
