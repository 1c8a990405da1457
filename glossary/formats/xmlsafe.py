"""Parse XML from strangers: no entity expansion, no DTD loading, no network, no huge trees."""

from __future__ import annotations

from typing import Any

from glossary.formats import FormatError

MAX_XML_BYTES = 200 * 1024 * 1024


def parse_xml(data: bytes, origin: str) -> Any:
    """The parsed tree of an XML file; FormatError for hostile or broken XML.

    Entities are never expanded (`resolve_entities=False`), external DTDs and entities are
    never fetched (`load_dtd=False`, `no_network=True`) and libxml2's size limits stay on
    (`huge_tree=False`). A document that declares entities at all is refused: a glossary has
    no use for them, and they are how XML bombs and external-entity reads work.
    """
    from lxml import etree

    if len(data) > MAX_XML_BYTES:
        raise FormatError(origin, None, f"file is larger than {MAX_XML_BYTES // 2**20} MB")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise FormatError(origin, line, f"not well-formed XML: {error.msg}") from None
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            kind = "an external entity" if entity.system_url else "an entity"
            raise FormatError(
                origin,
                None,
                f"refused: the DTD declares {kind} ({entity.name!r}); entity declarations are "
                "not accepted in imported XML (they expand without bound or read local files)",
            )
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise FormatError(
                origin, node.sourceline, f"refused: entity reference {node.text!r} in imported XML"
            )
    return tree
