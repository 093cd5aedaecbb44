#!/usr/bin/env python3
"""Reference for the compat JSON of docs/protocol.md: the original gate's
xml2json recipe (ElementTree, namespaces and whitespace stripped) and
json.dumps() with its defaults. One line per file; a file Python cannot
parse gives an empty line. Used to cross-check `eppctl json`."""
import json
import re
import sys
import xml.etree.ElementTree as ET


def strip_tag(tag):
    return re.sub(r'^\{.*?\}', '', tag)


def elem_to_internal(elem):
    d = {}
    for key, value in list(elem.attrib.items()):
        d['@' + key] = value
    for subelem in elem:
        tag = strip_tag(subelem.tag)
        value = elem_to_internal(subelem)[tag]
        try:
            d[tag].append(value)
        except AttributeError:
            d[tag] = [d[tag], value]
        except KeyError:
            d[tag] = value
    text = elem.text.strip() if elem.text else elem.text
    tail = elem.tail.strip() if elem.tail else elem.tail
    if tail:
        d['#tail'] = tail
    if d:
        if text:
            d['#text'] = text
    else:
        d = text or None
    return {strip_tag(elem.tag): d}


for path in sys.argv[1:]:
    try:
        with open(path, 'rb') as f:
            print(json.dumps(elem_to_internal(ET.fromstring(f.read()))))
    except Exception:  # refused by Python: nothing to compare
        print('')
