-- Manual work: what ms2pg did not convert, with the reason and the original T-SQL.
-- Source: Babelfish 12.0.2000.8 database municipal. 4 item(s).

-- computed column: budget.contract.amount_with_vat
-- reason: column amount is PostgreSQL money, whose arithmetic is not immutable (needed in a generated column)
--   CAST(((amount * (1 + (vat_rate / 100)))) AS money)

-- check constraint: budget.contract.ck_contract_supplier_inn
-- reason: unexpected character "!" at line 1 col 53
--   (((len(supplier_inn) IN (10, 12)) AND (supplier_inn !~~* '%[^0-9]%')))

-- check constraint: dbo.district.ck_district_oktmo_digits
-- reason: unexpected character "!" at line 1 col 14
--   ((oktmo_code !~~* '%[^0-9]%'))

-- computed column: sport.training_session.end_time
-- reason: date part (expression) at line 1 col 15
--   CAST((dateadd('minute', duration_minutes, start_time)) AS time(0))
