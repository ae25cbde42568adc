package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

func (s *sqlStore) Actors(ctx context.Context, af ActorFilter) ([]Actor, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	limit, offset, err := pageOf(af.Limit, af.Offset)
	if err != nil {
		return nil, err
	}
	f := &filter{}
	if af.Name != "" {
		f.add(`a.actor_key IN (SELECT actor_key FROM actor_values WHERE field = 'norm' AND value LIKE ? ESCAPE '\')`,
			"%"+likeEscape(normName(af.Name))+"%")
	}
	for _, c := range []struct{ field, v string }{{"type", af.Type}, {"kind", af.Kind}, {"country", af.Country}, {"sector", af.Sector}} {
		if c.v != "" {
			f.add(`a.actor_key IN (SELECT actor_key FROM actor_values WHERE field = ? AND value = ?)`, c.field, c.v)
		}
	}
	return s.actors(ctx, f, limit, offset)
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// actors reads one page of the actors in actor_stats a matching f, most
// articles first, with their names and attributes from actor_values.
func (s *sqlStore) actors(ctx context.Context, f *filter, limit, offset int) ([]Actor, error) {
	c := s.d.conn()
	rs, err := c.query(ctx, `SELECT a.actor_key, a.articles, a.mentions, a.lat, a.lon FROM actor_stats a
		WHERE `+f.where()+` ORDER BY a.articles DESC, a.actor_key LIMIT ? OFFSET ?`,
		append(slices.Clone(f.args), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	out := []Actor{}
	index := map[string]int{}
	var keys []any
	for rs.Next() {
		var a Actor
		if err := rs.Scan(&a.Key, &a.Articles, &a.Mentions, &a.Lat, &a.Lon); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing actors: %w", err)
		}
		if a.Lat == nil || a.Lon == nil {
			a.Lat, a.Lon = nil, nil
		}
		if kb, ok := strings.CutPrefix(a.Key, "kb:"); ok {
			a.KBID = kb
		}
		a.Aliases = []string{}
		index[a.Key] = len(out)
		keys = append(keys, a.Key)
		out = append(out, a)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// The most common value of each field; every name but the chosen one
	// is an alias.
	type best struct {
		v string
		n int
	}
	top := map[string]map[string]best{} // key, field
	aliases := map[string][]string{}
	rs, err = c.query(ctx, `SELECT actor_key, field, value, n FROM actor_values
		WHERE actor_key IN (`+placeholders(len(keys))+`) AND field <> 'norm'`, keys...)
	if err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var key, field, value string
		var n int
		if err := rs.Scan(&key, &field, &value, &n); err != nil {
			return nil, fmt.Errorf("listing actors: %w", err)
		}
		if field == "alias" {
			aliases[key] = append(aliases[key], value)
			continue
		}
		if top[key] == nil {
			top[key] = map[string]best{}
		}
		if b := top[key][field]; n > b.n || n == b.n && value < b.v {
			top[key][field] = best{value, n}
		}
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	for i := range out {
		a := &out[i]
		t := top[a.Key]
		a.Name, a.Type, a.Kind, a.Country, a.Sector = t["name"].v, t["type"].v, t["kind"].v, t["country"].v, t["sector"].v
		for _, n := range aliases[a.Key] {
			if n != a.Name && !slices.Contains(a.Aliases, n) {
				a.Aliases = append(a.Aliases, n)
			}
		}
		sort.Strings(a.Aliases)
	}
	return out, nil
}

func (s *sqlStore) Actor(ctx context.Context, key string) (*Actor, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	c := s.d.conn()
	var actorKey string
	err = c.queryRow(ctx, `SELECT a.actor_key FROM actor_stats a WHERE a.actor_key IN (
			SELECT actor_key FROM actor_stats WHERE actor_key = ? OR actor_key = ?
			UNION SELECT actor_key FROM actor_values WHERE field = 'norm' AND value = ?)
		ORDER BY a.articles DESC, a.actor_key LIMIT 1`, key, "kb:"+key, normName(key)).Scan(&actorKey)
	if errors.Is(err, errNoRows) {
		// An entity id, which names an entity of one article.
		err = c.queryRow(ctx, `SELECT a.actor_key FROM actor_stats a WHERE a.actor_key IN (
				SELECT actor_key FROM entities WHERE entity_id = ?)
			ORDER BY a.articles DESC, a.actor_key LIMIT 1`, key).Scan(&actorKey)
	}
	if errors.Is(err, errNoRows) {
		return nil, fmt.Errorf("actor %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("looking up actor %q: %w", key, err)
	}
	f := &filter{}
	f.add(`a.actor_key = ?`, actorKey)
	as, err := s.actors(ctx, f, 1, 0)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, fmt.Errorf("actor %q: %w", key, ErrNotFound)
	}
	return &as[0], nil
}
