from newstrace.provenance.direction import Party, orient


def party(id, outlet, day=None, credited=(), share=1.0):
    credited = set(credited)
    return Party(id, outlet, day, credited, {o: f"Source: {o}" for o in credited}, share)


def test_a_credit_beats_the_dates():
    # the republisher's page carries an earlier date (a wrong or reused date), but it credits
    # the other outlet: the credit decides
    original = party(1, "sputnik", day=10)
    copy = party(2, "blog", day=5, credited={"sputnik"})
    source, target, reason, credit = orient(copy, original)
    assert (source.id, target.id, reason, credit) == (1, 2, "credit", "Source: sputnik")


def test_mutual_credits_fall_back_to_dates():
    a = party(1, "x", day=3, credited={"y"})
    b = party(2, "y", day=2, credited={"x"})
    source, target, reason, _ = orient(a, b)
    assert (source.id, target.id, reason) == (2, 1, "date")


def test_containment_when_no_dates():
    # the wrapped text lies whole inside the wrapper; the wrapper's own share is low
    wrapper = party(1, "blog", share=0.55)
    original = party(2, "agency", share=0.97)
    source, target, reason, _ = orient(wrapper, original)
    assert (source.id, target.id, reason) == (2, 1, "containment")


def test_a_guess_is_labelled_as_such():
    a, b = party(7, "a", share=0.8), party(3, "b", share=0.8)
    source, target, reason, _ = orient(a, b)
    assert (source.id, target.id, reason) == (3, 7, "order")


def test_same_outlet_is_not_a_credit():
    a = party(1, "sputnik", day=4, credited={"sputnik"})
    b = party(2, "sputnik", day=2)
    source, _, reason, _ = orient(a, b)
    assert (source.id, reason) == (2, "date")
