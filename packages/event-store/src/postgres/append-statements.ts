/**
 * The store's statements on the pool, as fixed texts so that a connection prepares each once.
 * $1 stream id, $2 the version the new events are numbered after, $3 the events as a JSON
 * array of {id, type, data, metadata}. Either inserts every event or none. `params` is the
 * number of placeholders: writes alongside an append number theirs after it.
 */

/** No stream ($2 = 0) or an exact version, which must exist so that no gap can appear. */
export const appendAtVersion = {
  name: 'hcts_es_append_at_version',
  text: `insert into es_events (stream_id, version, event_id, type, data, metadata)
    select $1, $2::bigint + e.ord, (e.value->>'id')::uuid, e.value->>'type',
           e.value->'data', e.value->'metadata'
    from jsonb_array_elements($3::jsonb) with ordinality as e(value, ord)
    where $2::bigint = 0
       or exists (select 1 from es_events where stream_id = $1 and version = $2::bigint)
    returning position, transaction_id, version`,
  params: 3,
} as const;

/** Whatever the version: numbered after the current last one, read in the same statement. */
export const appendAtAnyVersion = {
  name: 'hcts_es_append_any',
  text: `insert into es_events (stream_id, version, event_id, type, data, metadata)
    select $1, coalesce((select max(version) from es_events where stream_id = $1), 0) + e.ord,
           (e.value->>'id')::uuid, e.value->>'type', e.value->'data', e.value->'metadata'
    from jsonb_array_elements($2::jsonb) with ordinality as e(value, ord)
    returning position, transaction_id, version`,
  params: 2,
} as const;

/**
 * The common case, one event at no stream or an exact version, without building a JSON array:
 * $1 stream id, $2 version after which to number, $3 id, $4 type, $5 data, $6 metadata.
 */
export const appendOneAtVersion = {
  name: 'hcts_es_append_one_at_version',
  text: `insert into es_events (stream_id, version, event_id, type, data, metadata)
    select $1, $2::bigint + 1, $3::uuid, $4, $5::jsonb, $6::jsonb
    where $2::bigint = 0
       or exists (select 1 from es_events where stream_id = $1 and version = $2::bigint)
    returning position, transaction_id, version`,
  params: 6,
} as const;

/** A stream from a version on ($1 stream id, $2 first version), prepared once per connection. */
export const readStreamFrom = {
  name: 'hcts_es_read_stream',
  text: 'select * from es_events where stream_id = $1 and version >= $2::bigint order by version',
} as const;
