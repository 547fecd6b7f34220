"""Links between the claims of several articles: the same claim, derivation, stance."""
