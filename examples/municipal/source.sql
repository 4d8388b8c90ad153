/*
    ms2pg walkthrough example: "Municipal" — the database of a (fictional) city administration,
    the city of Prirechensk (г. Приреченск).

    Target: SQL Server 2016+ and Babelfish for PostgreSQL.
    Run it batch by batch (batches are separated by lines containing only GO) in an EMPTY database
    that the caller has created and connected to; the script creates no database and has no USE.

    Schemas:
        dbo         shared reference tables: districts, benefit categories, citizens
        appeals     citizens' appeals: topics, channels, executors, appeals, answers, status history
        budget      budget execution and procurement: fiscal years, KBK lines, allocations,
                    cash executions, procurement contracts, contract payments
        property    municipal property registry: categories, objects, rights (ownership, lease, ...)
        sport       sports schools: schools, training programmes, groups, athletes, sessions
        initiative  initiative (participatory) budgeting: projects and citizens' votes
        docs        document management: incoming and outgoing documents, resolutions, control of
                    their execution, attachments (three of them large scans); full-text search
                    where the server has it

    Conventions: table and column names are snake_case English; every constraint and index is
    named explicitly (so that introspection results are stable); data is in Russian.
    All sample data is deterministic: fixed dates, no RAND(), no NEWID()-dependent values
    (only the DEFAULT NEWID() column appeals.appeal.public_id differs between runs).
*/
SET NOCOUNT ON;
GO

-- =============================================================================================
-- 0. Schemas
-- =============================================================================================
CREATE SCHEMA appeals;
GO
CREATE SCHEMA budget;
GO
CREATE SCHEMA property;
GO
CREATE SCHEMA sport;
GO
CREATE SCHEMA initiative;
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Общие справочники: районы города, льготные категории, граждане',
    @level0type = N'SCHEMA', @level0name = N'dbo';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Обращения граждан: темы, каналы поступления, исполнители, ответы и история статусов',
    @level0type = N'SCHEMA', @level0name = N'appeals';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Исполнение городского бюджета и муниципальные закупки',
    @level0type = N'SCHEMA', @level0name = N'budget';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Реестр муниципального имущества',
    @level0type = N'SCHEMA', @level0name = N'property';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Спортивные школы и программы спортивной подготовки',
    @level0type = N'SCHEMA', @level0name = N'sport';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Инициативное бюджетирование: проекты жителей и голосование',
    @level0type = N'SCHEMA', @level0name = N'initiative';
GO

-- =============================================================================================
-- 1. Shared reference tables (dbo)
-- =============================================================================================
CREATE TABLE dbo.district (
    district_id   int IDENTITY(1,1) NOT NULL CONSTRAINT PK_district PRIMARY KEY,
    name          varchar(200) COLLATE Cyrillic_General_CI_AS NOT NULL,
    oktmo_code    char(11) NOT NULL,
    population    int NULL CONSTRAINT CK_district_population CHECK (population >= 0),
    area_km2      numeric(9,2) NULL,
    description   nvarchar(1000) NULL,
    CONSTRAINT UQ_district_name UNIQUE (name),
    CONSTRAINT UQ_district_oktmo_code UNIQUE (oktmo_code),
    CONSTRAINT CK_district_oktmo_digits CHECK (oktmo_code NOT LIKE '%[^0-9]%')
);
GO

CREATE TABLE dbo.benefit_category (
    benefit_category_id tinyint NOT NULL CONSTRAINT PK_benefit_category PRIMARY KEY,
    code                varchar(20) NOT NULL CONSTRAINT UQ_benefit_category_code UNIQUE,
    name                nvarchar(200) NOT NULL,
    legal_basis         nvarchar(500) NULL
);
GO

CREATE TABLE dbo.citizen (
    citizen_id          int IDENTITY(1,1) NOT NULL CONSTRAINT PK_citizen PRIMARY KEY,
    last_name           nvarchar(100) NOT NULL,
    first_name          nvarchar(100) NOT NULL,
    middle_name         nvarchar(100) NULL,
    birth_date          date NULL,
    phone               varchar(20) NULL,
    email               varchar(254) NULL,
    postal_address      nvarchar(500) NULL,
    district_id         int NULL,
    benefit_category_id tinyint NULL,
    children_count      tinyint NOT NULL CONSTRAINT DF_citizen_children_count DEFAULT 0,
    -- not persisted computed column: three or more minor children make a large family.
    -- (No full-name concatenation here: Babelfish rejects string '+' in computed columns as
    -- "generation expression is not immutable"; the views use dbo.fn_short_name instead.)
    is_large_family     AS (CAST(CASE WHEN children_count >= 3 THEN 1 ELSE 0 END AS bit)),
    consent_to_notify   bit NOT NULL CONSTRAINT DF_citizen_consent_to_notify DEFAULT 1,
    registered_at       datetime2(3) NOT NULL CONSTRAINT DF_citizen_registered_at DEFAULT SYSDATETIME(),
    CONSTRAINT FK_citizen_district FOREIGN KEY (district_id)
        REFERENCES dbo.district (district_id) ON DELETE SET NULL,
    CONSTRAINT FK_citizen_benefit_category FOREIGN KEY (benefit_category_id)
        REFERENCES dbo.benefit_category (benefit_category_id),
    CONSTRAINT CK_citizen_contact CHECK (phone IS NOT NULL OR email IS NOT NULL OR postal_address IS NOT NULL),
    CONSTRAINT CK_citizen_birth_date CHECK (birth_date >= '19000101')
);
GO

CREATE NONCLUSTERED INDEX IX_citizen_name ON dbo.citizen (last_name, first_name);
CREATE NONCLUSTERED INDEX IX_citizen_district ON dbo.citizen (district_id);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Районы города (внутригородские территории)',
    @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'district';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Код ОКТМО территории (11 цифр)',
    @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'district',
    @level2type = N'COLUMN', @level2name = N'oktmo_code';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Льготные категории граждан (многодетные семьи, ветераны и т. п.)',
    @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'benefit_category';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Граждане — заявители, участники голосований, законные представители спортсменов',
    @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'citizen';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Признак многодетной семьи: трое и более несовершеннолетних детей (вычисляемый столбец)',
    @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'citizen',
    @level2type = N'COLUMN', @level2name = N'is_large_family';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Количество несовершеннолетних детей',
    @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N'citizen',
    @level2type = N'COLUMN', @level2name = N'children_count';
GO

-- =============================================================================================
-- 2. Citizens' appeals (appeals)
-- =============================================================================================
CREATE TABLE appeals.topic (
    topic_id        smallint IDENTITY(1,1) NOT NULL CONSTRAINT PK_topic PRIMARY KEY,
    code            varchar(20) NOT NULL CONSTRAINT UQ_topic_code UNIQUE,
    name            varchar(200) COLLATE Cyrillic_General_CI_AS NOT NULL,
    description     nvarchar(1000) NULL,
    parent_topic_id smallint NULL,
    response_days   tinyint NOT NULL CONSTRAINT DF_topic_response_days DEFAULT 30
                        CONSTRAINT CK_topic_response_days CHECK (response_days BETWEEN 1 AND 60),
    is_active       bit NOT NULL CONSTRAINT DF_topic_is_active DEFAULT 1,
    CONSTRAINT FK_topic_parent FOREIGN KEY (parent_topic_id) REFERENCES appeals.topic (topic_id)
);
GO

CREATE TABLE appeals.channel (
    channel_id   tinyint NOT NULL CONSTRAINT PK_channel PRIMARY KEY,
    code         varchar(30) NOT NULL CONSTRAINT UQ_channel_code UNIQUE,
    name         nvarchar(200) NOT NULL,
    is_proactive bit NOT NULL CONSTRAINT DF_channel_is_proactive DEFAULT 0
);
GO

CREATE TABLE appeals.executor (
    executor_id  int IDENTITY(1,1) NOT NULL CONSTRAINT PK_executor PRIMARY KEY,
    full_name    nvarchar(200) NOT NULL,
    position     nvarchar(200) NOT NULL,
    department   varchar(200) COLLATE Cyrillic_General_CI_AS NOT NULL,
    district_id  int NULL,
    email        varchar(254) NULL,
    phone        varchar(20) NULL,
    is_active    bit NOT NULL CONSTRAINT DF_executor_is_active DEFAULT 1,
    CONSTRAINT FK_executor_district FOREIGN KEY (district_id) REFERENCES dbo.district (district_id)
);
GO

CREATE TABLE appeals.appeal (
    appeal_id         bigint IDENTITY(1000,1) NOT NULL CONSTRAINT PK_appeal PRIMARY KEY,
    public_id         uniqueidentifier NOT NULL CONSTRAINT DF_appeal_public_id DEFAULT NEWID(),
    reg_number        varchar(20) COLLATE Cyrillic_General_CI_AS NOT NULL,
    registered_at     datetime NOT NULL CONSTRAINT DF_appeal_registered_at DEFAULT GETDATE(),
    citizen_id        int NULL,
    topic_id          smallint NOT NULL,
    channel_id        tinyint NOT NULL,
    district_id       int NULL,
    executor_id       int NULL,
    subject           nvarchar(300) NOT NULL,
    body              nvarchar(max) NOT NULL,
    address           nvarchar(300) NULL,
    is_collective     bit NOT NULL CONSTRAINT DF_appeal_is_collective DEFAULT 0,
    signatures_count  smallint NULL CONSTRAINT CK_appeal_signatures_count CHECK (signatures_count > 0),
    status            nvarchar(20) NOT NULL CONSTRAINT DF_appeal_status DEFAULT N'open',
    status_changed_at datetime2(3) NOT NULL CONSTRAINT DF_appeal_status_changed_at DEFAULT SYSDATETIME(),
    due_date          date NOT NULL,
    closed_at         datetime NULL,
    CONSTRAINT UQ_appeal_public_id UNIQUE (public_id),
    CONSTRAINT UQ_appeal_reg_number UNIQUE (reg_number),
    CONSTRAINT FK_appeal_citizen FOREIGN KEY (citizen_id) REFERENCES dbo.citizen (citizen_id),
    CONSTRAINT FK_appeal_topic FOREIGN KEY (topic_id) REFERENCES appeals.topic (topic_id),
    CONSTRAINT FK_appeal_channel FOREIGN KEY (channel_id) REFERENCES appeals.channel (channel_id),
    CONSTRAINT FK_appeal_district FOREIGN KEY (district_id) REFERENCES dbo.district (district_id),
    CONSTRAINT FK_appeal_executor FOREIGN KEY (executor_id) REFERENCES appeals.executor (executor_id),
    CONSTRAINT CK_appeal_status CHECK (status IN (N'open', N'in_progress', N'answered', N'closed', N'rejected')),
    CONSTRAINT CK_appeal_closed CHECK (closed_at IS NULL OR (closed_at >= registered_at AND status IN (N'closed', N'rejected'))),
    CONSTRAINT CK_appeal_due_date CHECK (due_date >= CAST(registered_at AS date))
);
GO

CREATE NONCLUSTERED INDEX IX_appeal_registered_at ON appeals.appeal (registered_at DESC);
CREATE NONCLUSTERED INDEX IX_appeal_topic_district ON appeals.appeal (topic_id, district_id) INCLUDE (status, due_date);
CREATE NONCLUSTERED INDEX IX_appeal_open_due_date ON appeals.appeal (due_date) INCLUDE (executor_id) WHERE status = N'open';
CREATE NONCLUSTERED INDEX IX_appeal_citizen ON appeals.appeal (citizen_id);
GO

CREATE TABLE appeals.appeal_answer (
    answer_id      int IDENTITY(1,1) NOT NULL CONSTRAINT PK_appeal_answer PRIMARY KEY,
    appeal_id      bigint NOT NULL,
    executor_id    int NOT NULL,
    answered_at    datetime NOT NULL,
    answer_text    nvarchar(max) NOT NULL,
    is_final       bit NOT NULL CONSTRAINT DF_appeal_answer_is_final DEFAULT 0,
    citizen_rating tinyint NULL CONSTRAINT CK_appeal_answer_rating CHECK (citizen_rating BETWEEN 1 AND 5),
    CONSTRAINT FK_appeal_answer_appeal FOREIGN KEY (appeal_id)
        REFERENCES appeals.appeal (appeal_id) ON DELETE CASCADE,
    CONSTRAINT FK_appeal_answer_executor FOREIGN KEY (executor_id) REFERENCES appeals.executor (executor_id)
);
GO

CREATE TABLE appeals.appeal_status_history (
    history_id  bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_appeal_status_history PRIMARY KEY,
    appeal_id   bigint NOT NULL,
    old_status  nvarchar(20) NULL,
    new_status  nvarchar(20) NOT NULL,
    changed_at  datetime2(3) NOT NULL CONSTRAINT DF_appeal_status_history_changed_at DEFAULT SYSDATETIME(),
    comment     nvarchar(500) NOT NULL CONSTRAINT DF_appeal_status_history_comment DEFAULT N'',
    CONSTRAINT FK_appeal_status_history_appeal FOREIGN KEY (appeal_id)
        REFERENCES appeals.appeal (appeal_id) ON DELETE CASCADE
);
GO

CREATE NONCLUSTERED INDEX IX_appeal_answer_appeal ON appeals.appeal_answer (appeal_id);
CREATE NONCLUSTERED INDEX IX_appeal_status_history_appeal ON appeals.appeal_status_history (appeal_id, changed_at);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Тематический классификатор обращений (двухуровневый)',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'topic';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Нормативный срок ответа, календарных дней',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'topic',
    @level2type = N'COLUMN', @level2name = N'response_days';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Каналы поступления: личный приём, прямая линия, инциденты в соцсетях, обходы района',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'channel';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Должностные лица — исполнители по обращениям',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'executor';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Обращения граждан (59-ФЗ) и инциденты',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Публичный идентификатор для отслеживания обращения на портале',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal',
    @level2type = N'COLUMN', @level2name = N'public_id';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Регистрационный номер вида ОГ-2024-00001',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal',
    @level2type = N'COLUMN', @level2name = N'reg_number';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Статус: open, in_progress, answered, closed, rejected',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal',
    @level2type = N'COLUMN', @level2name = N'status';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Контрольный срок ответа (с переносом с выходных на понедельник)',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal',
    @level2type = N'COLUMN', @level2name = N'due_date';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Ответы заявителям (промежуточные и окончательные)',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal_answer';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Оценка ответа заявителем от 1 до 5',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal_answer',
    @level2type = N'COLUMN', @level2name = N'citizen_rating';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'История смены статусов обращения (заполняется триггером)',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'TABLE', @level1name = N'appeal_status_history';
GO

-- =============================================================================================
-- 3. Budget execution and procurement (budget)
-- =============================================================================================
CREATE TABLE budget.fiscal_year (
    fiscal_year       smallint NOT NULL CONSTRAINT PK_fiscal_year PRIMARY KEY
                          CONSTRAINT CK_fiscal_year_range CHECK (fiscal_year BETWEEN 2000 AND 2100),
    starts_on         date NOT NULL,
    ends_on           date NOT NULL,
    approval_decision nvarchar(400) NULL,
    is_closed         bit NOT NULL CONSTRAINT DF_fiscal_year_is_closed DEFAULT 0,
    CONSTRAINT CK_fiscal_year_period CHECK (ends_on > starts_on)
);
GO

CREATE TABLE budget.budget_line (
    budget_line_id      int IDENTITY(1,1) NOT NULL CONSTRAINT PK_budget_line PRIMARY KEY,
    kbk_code            varchar(20) NOT NULL,
    name                varchar(300) COLLATE Cyrillic_General_CI_AS NOT NULL,
    municipal_programme nvarchar(300) NULL,
    chief_administrator varchar(200) COLLATE Cyrillic_General_CI_AS NOT NULL,
    CONSTRAINT UQ_budget_line_kbk_code UNIQUE (kbk_code),
    CONSTRAINT CK_budget_line_kbk_code CHECK (LEN(kbk_code) = 20)
);
GO

CREATE TABLE budget.allocation (
    fiscal_year     smallint NOT NULL,
    budget_line_id  int NOT NULL,
    approved_amount money NOT NULL,
    revised_amount  money NULL,
    approved_on     date NOT NULL,
    note            nvarchar(500) NULL,
    CONSTRAINT PK_allocation PRIMARY KEY (fiscal_year, budget_line_id),
    CONSTRAINT FK_allocation_fiscal_year FOREIGN KEY (fiscal_year) REFERENCES budget.fiscal_year (fiscal_year),
    CONSTRAINT FK_allocation_budget_line FOREIGN KEY (budget_line_id) REFERENCES budget.budget_line (budget_line_id),
    CONSTRAINT CK_allocation_amounts CHECK (approved_amount >= 0 AND (revised_amount IS NULL OR revised_amount >= 0))
);
GO

CREATE TABLE budget.execution (
    execution_id     bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_execution PRIMARY KEY,
    fiscal_year      smallint NOT NULL,
    budget_line_id   int NOT NULL,
    paid_on          date NOT NULL,
    amount           money NOT NULL CONSTRAINT CK_execution_amount CHECK (amount <> 0),
    payment_order_no varchar(20) NOT NULL,
    purpose          nvarchar(500) NULL,
    -- multi-column foreign key to the composite primary key of budget.allocation
    CONSTRAINT FK_execution_allocation FOREIGN KEY (fiscal_year, budget_line_id)
        REFERENCES budget.allocation (fiscal_year, budget_line_id)
);
GO

CREATE NONCLUSTERED INDEX IX_execution_allocation ON budget.execution (fiscal_year, budget_line_id, paid_on);
GO

CREATE TABLE budget.contract (
    contract_id         int IDENTITY(1,1) NOT NULL CONSTRAINT PK_contract PRIMARY KEY,
    contract_number     varchar(50) COLLATE Cyrillic_General_CI_AS NOT NULL,
    eis_registry_number varchar(19) NULL,
    procurement_method  nvarchar(100) NOT NULL,
    subject             nvarchar(1000) NOT NULL,
    supplier_name       varchar(300) COLLATE Cyrillic_General_CI_AS NOT NULL,
    supplier_inn        varchar(12) NOT NULL,
    fiscal_year         smallint NOT NULL,
    budget_line_id      int NOT NULL,
    amount              money NOT NULL,
    vat_rate            decimal(4,2) NOT NULL CONSTRAINT DF_contract_vat_rate DEFAULT 20.00,
    -- persisted computed column
    amount_with_vat     AS (CAST(amount * (1 + vat_rate / 100) AS money)) PERSISTED,
    signed_at           datetime NOT NULL,
    valid_until         date NULL,
    status              varchar(20) NOT NULL CONSTRAINT DF_contract_status DEFAULT 'signed',
    CONSTRAINT UQ_contract_number UNIQUE (contract_number),
    CONSTRAINT FK_contract_allocation FOREIGN KEY (fiscal_year, budget_line_id)
        REFERENCES budget.allocation (fiscal_year, budget_line_id),
    CONSTRAINT CK_contract_supplier_inn CHECK (LEN(supplier_inn) IN (10, 12) AND supplier_inn NOT LIKE '%[^0-9]%'),
    CONSTRAINT CK_contract_amount CHECK (amount > 0),
    CONSTRAINT CK_contract_vat_rate CHECK (vat_rate IN (0, 10, 20)),
    CONSTRAINT CK_contract_status CHECK (status IN ('draft', 'signed', 'executing', 'completed', 'terminated')),
    CONSTRAINT CK_contract_validity CHECK (valid_until IS NULL OR valid_until >= CAST(signed_at AS date))
);
GO

CREATE NONCLUSTERED INDEX IX_contract_supplier_inn ON budget.contract (supplier_inn) INCLUDE (supplier_name, amount, status);
CREATE NONCLUSTERED INDEX IX_contract_allocation ON budget.contract (fiscal_year, budget_line_id);
GO

CREATE TABLE budget.contract_payment (
    payment_id     int IDENTITY(1,1) NOT NULL CONSTRAINT PK_contract_payment PRIMARY KEY,
    contract_id    int NOT NULL,
    execution_id   bigint NULL,
    paid_on        date NOT NULL,
    amount         money NOT NULL CONSTRAINT CK_contract_payment_amount CHECK (amount > 0),
    penalty_amount smallmoney NULL,
    document_ref   nvarchar(200) NULL,
    CONSTRAINT FK_contract_payment_contract FOREIGN KEY (contract_id)
        REFERENCES budget.contract (contract_id) ON DELETE CASCADE,
    CONSTRAINT FK_contract_payment_execution FOREIGN KEY (execution_id)
        REFERENCES budget.execution (execution_id) ON DELETE SET NULL
);
GO

CREATE NONCLUSTERED INDEX IX_contract_payment_contract ON budget.contract_payment (contract_id, paid_on);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Финансовые годы бюджета',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'fiscal_year';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Строки расходов бюджета по кодам бюджетной классификации',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'budget_line';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Код бюджетной классификации (КБК), 20 знаков',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'budget_line',
    @level2type = N'COLUMN', @level2name = N'kbk_code';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Главный распорядитель бюджетных средств (ГРБС)',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'budget_line',
    @level2type = N'COLUMN', @level2name = N'chief_administrator';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Бюджетные ассигнования по строкам на финансовый год',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'allocation';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Кассовое исполнение (платёжные поручения)',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'execution';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Муниципальные контракты (44-ФЗ)',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'contract';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'ИНН поставщика: 10 цифр для организаций, 12 для ИП',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'contract',
    @level2type = N'COLUMN', @level2name = N'supplier_inn';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Цена контракта с НДС (вычисляемый хранимый столбец)',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'contract',
    @level2type = N'COLUMN', @level2name = N'amount_with_vat';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Оплаты по контрактам',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'contract_payment';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Удержанная неустойка (пени, штраф)',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'TABLE', @level1name = N'contract_payment',
    @level2type = N'COLUMN', @level2name = N'penalty_amount';
GO

-- =============================================================================================
-- 4. Municipal property registry (property)
-- =============================================================================================
CREATE TABLE property.category (
    category_id tinyint NOT NULL CONSTRAINT PK_category PRIMARY KEY,
    code        varchar(20) NOT NULL CONSTRAINT UQ_category_code UNIQUE,
    name        nvarchar(200) NOT NULL
);
GO

CREATE TABLE property.property_object (
    property_id                 int IDENTITY(1,1) NOT NULL CONSTRAINT PK_property_object PRIMARY KEY,
    registry_number             varchar(20) COLLATE Cyrillic_General_CI_AS NOT NULL,
    cadastral_number            varchar(40) NULL,
    category_id                 tinyint NOT NULL,
    name                        varchar(300) COLLATE Cyrillic_General_CI_AS NOT NULL,
    address                     nvarchar(500) NOT NULL,
    district_id                 int NULL,
    area                        decimal(12,2) NULL CONSTRAINT CK_property_object_area CHECK (area > 0),
    balance_value               money NULL,
    commissioned_year           smallint NULL,
    permitted_use               nvarchar(300) NULL,
    for_preferential_allocation bit NOT NULL CONSTRAINT DF_property_object_preferential DEFAULT 0,
    included_on                 date NOT NULL,
    CONSTRAINT UQ_property_object_registry_number UNIQUE (registry_number),
    CONSTRAINT FK_property_object_category FOREIGN KEY (category_id) REFERENCES property.category (category_id),
    CONSTRAINT FK_property_object_district FOREIGN KEY (district_id) REFERENCES dbo.district (district_id)
);
GO

-- cadastral numbers are unique once assigned; plots being formed have none yet
CREATE UNIQUE NONCLUSTERED INDEX UX_property_object_cadastral_number
    ON property.property_object (cadastral_number) WHERE cadastral_number IS NOT NULL;
GO

CREATE TABLE property.right_record (
    right_record_id int IDENTITY(1,1) NOT NULL CONSTRAINT PK_right_record PRIMARY KEY,
    property_id     int NOT NULL,
    right_type      varchar(30) NOT NULL,
    holder_name     varchar(300) COLLATE Cyrillic_General_CI_AS NOT NULL,
    holder_inn      varchar(12) NULL,
    citizen_id      int NULL,
    start_date      date NOT NULL,
    end_date        date NULL,
    annual_rent     money NULL,
    basis_document  nvarchar(300) NULL,
    CONSTRAINT FK_right_record_property FOREIGN KEY (property_id)
        REFERENCES property.property_object (property_id) ON DELETE CASCADE,
    CONSTRAINT FK_right_record_citizen FOREIGN KEY (citizen_id) REFERENCES dbo.citizen (citizen_id),
    CONSTRAINT CK_right_record_type CHECK (right_type IN ('ownership', 'operational_management',
        'economic_management', 'lease', 'free_use', 'citizen_ownership')),
    CONSTRAINT CK_right_record_period CHECK (end_date IS NULL OR end_date >= start_date),
    CONSTRAINT CK_right_record_rent CHECK (right_type = 'lease' OR annual_rent IS NULL)
);
GO

CREATE NONCLUSTERED INDEX IX_right_record_property_start ON property.right_record (property_id, start_date DESC);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Категории объектов муниципального имущества',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'category';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Объекты реестра муниципального имущества',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'property_object';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Кадастровый номер по ЕГРН',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'property_object',
    @level2type = N'COLUMN', @level2name = N'cadastral_number';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Площадь, кв. м',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'property_object',
    @level2type = N'COLUMN', @level2name = N'area';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Участок предназначен для бесплатного предоставления льготным категориям (многодетным семьям)',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'property_object',
    @level2type = N'COLUMN', @level2name = N'for_preferential_allocation';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Права на объекты: собственность, оперативное управление, аренда и др.',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'right_record';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Годовая арендная плата (только для аренды)',
    @level0type = N'SCHEMA', @level0name = N'property', @level1type = N'TABLE', @level1name = N'right_record',
    @level2type = N'COLUMN', @level2name = N'annual_rent';
GO

-- =============================================================================================
-- 5. Sports schools and training programmes (sport)
-- =============================================================================================
CREATE TABLE sport.school (
    school_id     int IDENTITY(1,1) NOT NULL CONSTRAINT PK_school PRIMARY KEY,
    name          varchar(300) COLLATE Cyrillic_General_CI_AS NOT NULL,
    short_name    nvarchar(100) NOT NULL,
    district_id   int NOT NULL,
    property_id   int NULL,
    address       nvarchar(300) NOT NULL,
    phone         varchar(20) NULL,
    director_name nvarchar(200) NULL,
    founded_on    date NULL,
    CONSTRAINT UQ_school_short_name UNIQUE (short_name),
    CONSTRAINT FK_school_district FOREIGN KEY (district_id) REFERENCES dbo.district (district_id),
    CONSTRAINT FK_school_property FOREIGN KEY (property_id) REFERENCES property.property_object (property_id)
);
GO

CREATE TABLE sport.programme (
    programme_id   int IDENTITY(1,1) NOT NULL CONSTRAINT PK_programme PRIMARY KEY,
    school_id      int NOT NULL,
    sport_name     nvarchar(100) NOT NULL,
    stage_code     varchar(10) NOT NULL,
    title          nvarchar(400) NOT NULL,
    duration_years tinyint NOT NULL,
    hours_per_week decimal(4,1) NOT NULL,
    min_age        tinyint NOT NULL,
    max_age        tinyint NOT NULL,
    approved_on    date NULL,
    CONSTRAINT UQ_programme_school_sport_stage UNIQUE (school_id, sport_name, stage_code),
    CONSTRAINT FK_programme_school FOREIGN KEY (school_id)
        REFERENCES sport.school (school_id) ON DELETE CASCADE,
    CONSTRAINT CK_programme_stage_code CHECK (stage_code IN ('NP', 'UT', 'SSM', 'VSM')),
    CONSTRAINT CK_programme_age CHECK (max_age >= min_age)
);
GO

CREATE TABLE sport.training_group (
    group_id     int IDENTITY(1,1) NOT NULL CONSTRAINT PK_training_group PRIMARY KEY,
    programme_id int NOT NULL,
    code         varchar(20) COLLATE Cyrillic_General_CI_AS NOT NULL,
    coach_name   nvarchar(200) NOT NULL,
    study_year   tinyint NOT NULL CONSTRAINT DF_training_group_study_year DEFAULT 1,
    max_size     tinyint NOT NULL CONSTRAINT DF_training_group_max_size DEFAULT 15
                     CONSTRAINT CK_training_group_max_size CHECK (max_size BETWEEN 1 AND 30),
    season       smallint NOT NULL,
    CONSTRAINT UQ_training_group_code UNIQUE (code),
    CONSTRAINT FK_training_group_programme FOREIGN KEY (programme_id)
        REFERENCES sport.programme (programme_id) ON DELETE CASCADE
);
GO

CREATE TABLE sport.athlete (
    athlete_id              int IDENTITY(1,1) NOT NULL CONSTRAINT PK_athlete PRIMARY KEY,
    group_id                int NOT NULL,
    last_name               varchar(100) COLLATE Cyrillic_General_CI_AS NOT NULL,
    first_name              varchar(100) COLLATE Cyrillic_General_CI_AS NOT NULL,
    birth_date              date NOT NULL,
    gender                  char(1) NOT NULL CONSTRAINT CK_athlete_gender CHECK (gender IN ('M', 'F')),
    guardian_citizen_id     int NULL,
    enrolled_on             date NOT NULL,
    sports_rank             nvarchar(50) NULL,
    medical_clearance_until date NULL,
    CONSTRAINT FK_athlete_group FOREIGN KEY (group_id) REFERENCES sport.training_group (group_id),
    CONSTRAINT FK_athlete_guardian FOREIGN KEY (guardian_citizen_id)
        REFERENCES dbo.citizen (citizen_id) ON DELETE SET NULL,
    CONSTRAINT CK_athlete_enrolled_after_birth CHECK (enrolled_on > birth_date)
);
GO

CREATE NONCLUSTERED INDEX IX_athlete_group ON sport.athlete (group_id) INCLUDE (last_name, first_name);
GO

CREATE TABLE sport.training_session (
    session_id       bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_training_session PRIMARY KEY,
    group_id         int NOT NULL,
    session_date     date NOT NULL,
    start_time       time(0) NOT NULL,
    duration_minutes smallint NOT NULL CONSTRAINT DF_training_session_duration DEFAULT 90
                         CONSTRAINT CK_training_session_duration CHECK (duration_minutes BETWEEN 30 AND 240),
    -- not persisted computed column
    end_time         AS (CAST(DATEADD(minute, duration_minutes, start_time) AS time(0))),
    venue            nvarchar(200) NULL,
    topic            nvarchar(300) NULL,
    attendance       tinyint NULL,
    CONSTRAINT UQ_training_session_slot UNIQUE (group_id, session_date, start_time),
    CONSTRAINT FK_training_session_group FOREIGN KEY (group_id)
        REFERENCES sport.training_group (group_id) ON DELETE CASCADE
);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Муниципальные спортивные школы',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'school';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Программы спортивной подготовки по видам спорта и этапам',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'programme';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Этап подготовки: NP — начальной подготовки, UT — учебно-тренировочный, SSM — совершенствования спортивного мастерства, VSM — высшего спортивного мастерства',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'programme',
    @level2type = N'COLUMN', @level2name = N'stage_code';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Учебно-тренировочные группы',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'training_group';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Спортсмены (занимающиеся)',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'athlete';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Расписание тренировочных занятий',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'training_session';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Продолжительность занятия, минут',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'training_session',
    @level2type = N'COLUMN', @level2name = N'duration_minutes';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Время окончания занятия (вычисляемый столбец)',
    @level0type = N'SCHEMA', @level0name = N'sport', @level1type = N'TABLE', @level1name = N'training_session',
    @level2type = N'COLUMN', @level2name = N'end_time';
GO

-- =============================================================================================
-- 6. Initiative budgeting (initiative)
-- =============================================================================================
CREATE TABLE initiative.project (
    project_id           int IDENTITY(1,1) NOT NULL CONSTRAINT PK_project PRIMARY KEY,
    code                 varchar(20) COLLATE Cyrillic_General_CI_AS NOT NULL,
    title                varchar(300) COLLATE Cyrillic_General_CI_AS NOT NULL,
    description          nvarchar(max) NULL,
    voting_year          smallint NOT NULL,
    district_id          int NOT NULL,
    initiator_citizen_id int NULL,
    cost                 money NOT NULL CONSTRAINT CK_project_cost CHECK (cost > 0),
    citizen_share_pct    decimal(5,2) NOT NULL CONSTRAINT DF_project_citizen_share_pct DEFAULT 5.00,
    status               nvarchar(20) NOT NULL CONSTRAINT DF_project_status DEFAULT N'proposed',
    submitted_at         datetime2(3) NOT NULL,
    contract_id          int NULL,
    CONSTRAINT UQ_project_code UNIQUE (code),
    CONSTRAINT FK_project_fiscal_year FOREIGN KEY (voting_year) REFERENCES budget.fiscal_year (fiscal_year),
    CONSTRAINT FK_project_district FOREIGN KEY (district_id) REFERENCES dbo.district (district_id),
    CONSTRAINT FK_project_initiator FOREIGN KEY (initiator_citizen_id) REFERENCES dbo.citizen (citizen_id),
    CONSTRAINT FK_project_contract FOREIGN KEY (contract_id)
        REFERENCES budget.contract (contract_id) ON DELETE SET NULL,
    CONSTRAINT CK_project_citizen_share_pct CHECK (citizen_share_pct BETWEEN 0 AND 100),
    CONSTRAINT CK_project_status CHECK (status IN (N'proposed', N'voting', N'selected', N'rejected', N'implemented'))
);
GO

CREATE TABLE initiative.vote (
    vote_id      bigint IDENTITY(1,1) NOT NULL CONSTRAINT PK_vote PRIMARY KEY,
    project_id   int NOT NULL,
    citizen_id   int NOT NULL,
    voted_at     datetime2(3) NOT NULL,
    vote_channel varchar(20) NOT NULL CONSTRAINT DF_vote_channel DEFAULT 'portal',
    -- one vote per citizen per project
    CONSTRAINT UQ_vote_project_citizen UNIQUE (project_id, citizen_id),
    CONSTRAINT FK_vote_project FOREIGN KEY (project_id)
        REFERENCES initiative.project (project_id) ON DELETE CASCADE,
    CONSTRAINT FK_vote_citizen FOREIGN KEY (citizen_id) REFERENCES dbo.citizen (citizen_id),
    CONSTRAINT CK_vote_channel CHECK (vote_channel IN ('portal', 'paper', 'meeting'))
);
GO

CREATE NONCLUSTERED INDEX IX_vote_citizen ON initiative.vote (citizen_id);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Инициативные проекты жителей',
    @level0type = N'SCHEMA', @level0name = N'initiative', @level1type = N'TABLE', @level1name = N'project';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Стоимость проекта, руб.',
    @level0type = N'SCHEMA', @level0name = N'initiative', @level1type = N'TABLE', @level1name = N'project',
    @level2type = N'COLUMN', @level2name = N'cost';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Доля софинансирования жителями, %',
    @level0type = N'SCHEMA', @level0name = N'initiative', @level1type = N'TABLE', @level1name = N'project',
    @level2type = N'COLUMN', @level2name = N'citizen_share_pct';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Голоса жителей за проекты (один голос за проект от гражданина)',
    @level0type = N'SCHEMA', @level0name = N'initiative', @level1type = N'TABLE', @level1name = N'vote';
GO

-- =============================================================================================
-- 7. Programmable objects: functions, views, trigger, procedure
-- =============================================================================================

-- Due date of an appeal: registration date + response days; a due date falling on a weekend
-- moves to the following Monday. Independent of SET DATEFIRST (1900-01-01 was a Monday).
CREATE FUNCTION appeals.fn_due_date (@registered_at datetime, @response_days tinyint)
RETURNS date
AS
BEGIN
    DECLARE @due date = CAST(DATEADD(day, @response_days, @registered_at) AS date);
    DECLARE @weekday int = DATEDIFF(day, CAST('19000101' AS date), @due) % 7;  -- 0 = Monday
    IF @weekday = 5
        SET @due = DATEADD(day, 2, @due);
    ELSE IF @weekday = 6
        SET @due = DATEADD(day, 1, @due);
    RETURN @due;
END;
GO

-- "Иванов Сергей Петрович" -> "Иванов С. П."
CREATE FUNCTION dbo.fn_short_name (@last_name nvarchar(100), @first_name nvarchar(100), @middle_name nvarchar(100))
RETURNS nvarchar(110)
AS
BEGIN
    IF @last_name IS NULL
        RETURN NULL;
    RETURN @last_name
        + ISNULL(N' ' + LEFT(@first_name, 1) + N'.', N'')
        + ISNULL(N' ' + LEFT(@middle_name, 1) + N'.', N'');
END;
GO

CREATE VIEW appeals.v_appeal_overview
AS
SELECT
    a.appeal_id,
    a.public_id,
    a.reg_number,
    a.registered_at,
    a.status,
    a.due_date,
    a.closed_at,
    t.code                                                    AS topic_code,
    t.name                                                    AS topic_name,
    pt.name                                                   AS topic_group_name,
    ch.name                                                   AS channel_name,
    d.name                                                    AS district_name,
    COALESCE(dbo.fn_short_name(c.last_name, c.first_name, c.middle_name), N'аноним') AS citizen_short_name,
    e.full_name                                               AS executor_name,
    e.department                                              AS executor_department,
    DATEDIFF(day, a.registered_at, a.closed_at)               AS days_to_close,
    CASE WHEN a.closed_at IS NOT NULL AND CAST(a.closed_at AS date) > a.due_date
         THEN 1 ELSE 0 END                                    AS closed_late
FROM appeals.appeal AS a
JOIN appeals.topic AS t ON t.topic_id = a.topic_id
LEFT JOIN appeals.topic AS pt ON pt.topic_id = t.parent_topic_id
JOIN appeals.channel AS ch ON ch.channel_id = a.channel_id
LEFT JOIN dbo.district AS d ON d.district_id = a.district_id
LEFT JOIN dbo.citizen AS c ON c.citizen_id = a.citizen_id
LEFT JOIN appeals.executor AS e ON e.executor_id = a.executor_id;
GO

CREATE VIEW budget.v_line_execution
AS
SELECT
    al.fiscal_year,
    bl.budget_line_id,
    bl.kbk_code,
    bl.name                                         AS line_name,
    bl.chief_administrator,
    al.approved_amount,
    COALESCE(al.revised_amount, al.approved_amount) AS current_plan,
    COALESCE(SUM(ex.amount), 0)                     AS executed_amount,
    COUNT(ex.execution_id)                          AS payment_count,
    MAX(ex.paid_on)                                 AS last_paid_on,
    CAST(CASE WHEN COALESCE(al.revised_amount, al.approved_amount) = 0 THEN 0
              ELSE CAST(COALESCE(SUM(ex.amount), 0) AS decimal(19,4)) * 100
                   / CAST(COALESCE(al.revised_amount, al.approved_amount) AS decimal(19,4))
         END AS decimal(7,2))                       AS execution_pct
FROM budget.allocation AS al
JOIN budget.budget_line AS bl ON bl.budget_line_id = al.budget_line_id
LEFT JOIN budget.execution AS ex
       ON ex.fiscal_year = al.fiscal_year
      AND ex.budget_line_id = al.budget_line_id
GROUP BY al.fiscal_year, bl.budget_line_id, bl.kbk_code, bl.name, bl.chief_administrator,
         al.approved_amount, al.revised_amount;
GO

CREATE VIEW initiative.v_project_votes
AS
SELECT
    p.project_id,
    p.code,
    p.title,
    p.voting_year,
    d.name            AS district_name,
    p.cost,
    p.status,
    COUNT(v.vote_id)  AS vote_count,
    RANK() OVER (PARTITION BY p.voting_year ORDER BY COUNT(v.vote_id) DESC) AS rank_in_year
FROM initiative.project AS p
JOIN dbo.district AS d ON d.district_id = p.district_id
LEFT JOIN initiative.vote AS v ON v.project_id = p.project_id
GROUP BY p.project_id, p.code, p.title, p.voting_year, d.name, p.cost, p.status;
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Обращения с темами, каналами, районами и исполнителями',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'VIEW', @level1name = N'v_appeal_overview';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Исполнение бюджета по строкам КБК: план, кассовый расход, процент исполнения',
    @level0type = N'SCHEMA', @level0name = N'budget', @level1type = N'VIEW', @level1name = N'v_line_execution';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Итоги голосования по инициативным проектам',
    @level0type = N'SCHEMA', @level0name = N'initiative', @level1type = N'VIEW', @level1name = N'v_project_votes';
GO

-- Every status change of an appeal (including the initial one on INSERT) is written to the history.
CREATE TRIGGER appeals.trg_appeal_status_history
ON appeals.appeal
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO appeals.appeal_status_history (appeal_id, old_status, new_status, changed_at, comment)
    SELECT i.appeal_id, d.status, i.status, i.status_changed_at,
           CASE WHEN d.appeal_id IS NULL THEN N'Зарегистрировано' ELSE N'' END
    FROM inserted AS i
    LEFT JOIN deleted AS d ON d.appeal_id = i.appeal_id
    WHERE d.appeal_id IS NULL OR d.status <> i.status;
END;
GO

-- Close an appeal: set the status (the trigger records the history) and store the final answer.
CREATE PROCEDURE appeals.usp_close_appeal
    @appeal_id      bigint,
    @executor_id    int,
    @answer_text    nvarchar(max),
    @closed_at      datetime = NULL,
    @citizen_rating tinyint = NULL
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @status nvarchar(20);
    DECLARE @at datetime = ISNULL(@closed_at, GETDATE());

    SELECT @status = status FROM appeals.appeal WHERE appeal_id = @appeal_id;

    IF @status IS NULL
    BEGIN
        DECLARE @not_found nvarchar(200) = N'Обращение ' + CAST(@appeal_id AS nvarchar(20)) + N' не найдено';
        THROW 50001, @not_found, 1;
    END;
    IF @status IN (N'closed', N'rejected')
        THROW 50002, N'Обращение уже закрыто', 1;

    BEGIN TRANSACTION;

    UPDATE appeals.appeal
       SET status = N'closed',
           closed_at = @at,
           status_changed_at = @at,
           executor_id = ISNULL(executor_id, @executor_id)
     WHERE appeal_id = @appeal_id;

    INSERT INTO appeals.appeal_answer (appeal_id, executor_id, answered_at, answer_text, is_final, citizen_rating)
    VALUES (@appeal_id, @executor_id, @at, @answer_text, 1, @citizen_rating);

    COMMIT TRANSACTION;
END;
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Срок ответа по обращению с учётом выходных дней',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'FUNCTION', @level1name = N'fn_due_date';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Закрытие обращения с окончательным ответом',
    @level0type = N'SCHEMA', @level0name = N'appeals', @level1type = N'PROCEDURE', @level1name = N'usp_close_appeal';
GO

-- =============================================================================================
-- 8. Sample data: shared reference tables
-- =============================================================================================
INSERT INTO dbo.district (name, oktmo_code, population, area_km2, description) VALUES
    (N'Центральный',   '36701305000', 84210, 18.40, N'Исторический центр, администрация города, деловой квартал'),
    (N'Заречный',      '36701310000', 61580, 27.15, N'Левобережная часть города, частный сектор и новостройки'),
    (N'Северный',      '36701315000', 97340, 21.90, N'Крупнейший жилой район, микрорайоны 1970–1980-х годов'),
    (N'Ленинский',     '36701320000', 55025, 16.75, NULL),
    (N'Октябрьский',   '36701325000', 48760, 12.30, N'Район у железнодорожного вокзала'),
    (N'Промышленный',  '36701330000', 39410, 44.60, N'Промзона, котельные и очистные сооружения'),
    (N'Солнечный',     '36701335000', 12890, 35.20, N'Новый район индивидуальной застройки, участки для многодетных семей'),
    (N'Южный',         '36701340000', NULL,  19.05, N'Район формируется, данные переписи отсутствуют');
GO

INSERT INTO dbo.benefit_category (benefit_category_id, code, name, legal_basis) VALUES
    (1, 'LARGE_FAMILY',  N'Многодетная семья',                         N'Закон области «О социальной поддержке многодетных семей»'),
    (2, 'COMBAT_VET',    N'Ветеран боевых действий',                   N'Федеральный закон от 12.01.1995 № 5-ФЗ «О ветеранах»'),
    (3, 'DISABLED',      N'Инвалид I или II группы',                   N'Федеральный закон от 24.11.1995 № 181-ФЗ'),
    (4, 'YOUNG_FAMILY',  N'Молодая семья',                             N'Муниципальная программа «Обеспечение жильём молодых семей»'),
    (5, 'PENSIONER',     N'Пенсионер по старости',                     NULL),
    (6, 'ORPHAN',        N'Лицо из числа детей-сирот',                 N'Федеральный закон от 21.12.1996 № 159-ФЗ');
GO

INSERT INTO dbo.citizen (last_name, first_name, middle_name, birth_date, phone, email, postal_address,
                         district_id, benefit_category_id, children_count, consent_to_notify, registered_at) VALUES
    (N'Иванов',    N'Сергей',     N'Петрович',     '1975-03-14', '+79051234501', 'ivanov.sp@mail.ru',      N'ул. Ленина, д. 10, кв. 5',           1, NULL, 2, 1, '2020-02-11T10:15:00.000'),
    (N'Петрова',   N'Анна',       N'Владимировна', '1982-07-22', '+79051234502', NULL,                     N'ул. Гагарина, д. 33, кв. 12',        5, NULL, 1, 1, '2020-03-02T14:40:12.250'),
    (N'Сидоренко', N'Олег',       N'Николаевич',   '1986-11-02', '+79051234503', 'sidorenko.on@yandex.ru', N'ул. Молодёжная, д. 9, кв. 3',        3, 1,    4, 1, '2020-05-19T09:05:44.100'),
    (N'Кузьмина',  N'Мария',      N'Ивановна',     '1951-01-30', NULL,           NULL,                     N'ул. Советская, д. 14, кв. 1',        1, 5,    0, 0, '2020-06-01T11:30:00.000'),
    (N'Голубев',   N'Артём',      N'Сергеевич',    '1994-05-17', NULL,           'golubev.a@yandex.ru',    NULL,                                  2, NULL, 0, 1, '2021-01-15T16:20:05.870'),
    (N'Орлова',    N'Екатерина',  N'Дмитриевна',   '1990-09-09', '+79051234506', 'orlova.ed@gmail.com',    N'пр. Строителей, д. 21, кв. 77',      3, NULL, 1, 1, '2021-02-08T08:55:31.000'),
    (N'Никитин',   N'Роман',      N'Александрович','1984-04-04', '+79051234507', NULL,                     N'мкр. Солнечный, ул. Рябиновая, д. 4',7, 1,    3, 1, '2021-03-23T13:12:00.000'),
    (N'Захарова',  N'Людмила',    N'Петровна',     '1948-12-25', '+74732221507', NULL,                     N'ул. Кирова, д. 3, кв. 18',           4, 5,    0, 1, '2021-04-12T10:00:00.000'),
    (N'Белов',     N'Виктор',     N'Андреевич',    '1979-08-19', '+79051234509', 'belov.va@mail.ru',       N'ул. Победы, д. 27, кв. 40',          2, 2,    2, 1, '2021-06-30T15:45:10.300'),
    (N'Тимофеева', N'Ольга',      N'Сергеевна',    '1993-02-11', '+79051234510', 'timofeeva.os@mail.ru',   N'ул. Набережная, д. 11, кв. 9',       4, 4,    1, 1, '2021-09-14T12:01:59.999'),
    (N'Ахметов',   N'Ринат',      N'Маратович',    '1988-06-06', '+79051234511', 'akhmetov.rm@gmail.com',  N'ул. Заводская, д. 15, кв. 2',        6, NULL, 2, 1, '2021-11-03T09:27:00.000'),
    (N'Гарипова',  N'Алсу',       N'Ильдаровна',   '1987-10-28', '+79051234512', NULL,                     N'мкр. Солнечный, ул. Липовая, д. 8',  7, 1,    5, 1, '2022-01-20T10:10:10.100'),
    (N'Смирнов',   N'Николай',    NULL,            '2001-03-03', '+79051234513', 'n.smirnov2001@mail.ru',  NULL,                                  8, NULL, 0, 1, '2022-02-14T18:30:00.000'),
    (N'Егорова',   N'Наталья',    N'Викторовна',   '1970-05-21', '+79051234514', NULL,                     N'ул. Мира, д. 7, кв. 30',             6, 3,    0, 1, '2022-03-09T11:11:11.111'),
    (N'Ковалёв',   N'Денис',      N'Игоревич',     '1985-01-12', '+79051234515', 'kovalev.di@yandex.ru',   N'ул. Садовая, д. 44, кв. 15',         5, NULL, 1, 1, '2022-04-18T14:00:00.000'),
    (N'Медведева', N'Светлана',   N'Юрьевна',      '1977-07-07', '+79051234516', NULL,                     N'ул. Южная, д. 5',                    8, NULL, 0, 0, '2022-05-25T09:40:00.000'),
    (N'Павлов',    N'Константин', N'Евгеньевич',   '1969-11-30', '+79051234517', 'pavlov.ke@mail.ru',      N'ул. Ленина, д. 52, кв. 8',           1, NULL, 0, 1, '2022-07-01T10:20:30.400'),
    (N'Соловьёва', N'Ирина',      N'Андреевна',    '1989-03-17', '+79051234518', 'solovyova.ia@gmail.com', N'мкр. Солнечный, ул. Кленовая, д. 2', 7, 1,    3, 1, '2022-08-16T13:50:00.000'),
    (N'Фролов',    N'Максим',     N'Олегович',     '1996-12-01', '+79051234519', 'frolov.mo@yandex.ru',    N'ул. Победы, д. 3, кв. 61',           3, NULL, 0, 1, '2022-09-05T17:05:00.000'),
    (N'Зайцева',   N'Дарья',      N'Алексеевна',   '1999-04-15', NULL,           'zaitseva.da@mail.ru',    N'ул. Вокзальная, д. 19, кв. 4',       5, NULL, 0, 1, '2022-10-10T10:10:00.000'),
    (N'Ким',       N'Александр',  NULL,            '1983-08-08', '+79051234521', 'kim.alex@gmail.com',     N'ул. Кирова, д. 21, кв. 11',          3, NULL, 2, 1, '2022-11-22T12:00:00.000'),
    (N'Борисова',  N'Валентина',  N'Григорьевна',  '1945-02-23', '+74732226611', NULL,                     N'ул. Советская, д. 16, кв. 3',        1, 5,    0, 0, '2023-01-17T09:15:00.000'),
    (N'Яковлев',   N'Илья',       N'Романович',    '1991-10-10', '+79051234523', 'yakovlev.ir@yandex.ru',  N'ул. Молодёжная, д. 12, кв. 90',      3, NULL, 1, 1, '2023-02-28T15:25:00.000'),
    (N'Морозов',   N'Геннадий',   N'Степанович',   '1958-06-14', '+79051234524', NULL,                     N'пер. Озёрный, д. 6',                 4, 5,    0, 1, '2023-03-30T11:45:00.000'),
    (N'Степанова', N'Юлия',       N'Николаевна',   '1986-01-25', '+79051234525', 'stepanova.un@mail.ru',   N'мкр. Солнечный, ул. Рябиновая, д. 9',7, 1,    4, 1, '2023-05-04T10:00:00.000'),
    (N'Шевченко',  N'Тарас',      N'Богданович',   '1980-09-13', '+79051234526', 'shevchenko.tb@gmail.com',N'ул. Гагарина, д. 8, кв. 2',          5, NULL, 1, 1, '2023-06-19T14:14:14.140'),
    (N'Григорьева',N'Елизавета',  N'Павловна',     '2003-11-05', '+79051234527', NULL,                     N'ул. Набережная, д. 1, кв. 45',       4, 6,    0, 1, '2023-08-08T08:08:08.080'),
    (N'Лаптев',    N'Вадим',      N'Сергеевич',    '1974-04-27', '+79051234528', 'laptev.vs@mail.ru',      N'ул. Заводская, д. 2, кв. 7',         6, NULL, 0, 1, '2023-10-02T16:40:00.000'),
    (N'Чернова',   N'Ксения',     N'Викторовна',   '1992-12-12', '+79051234529', 'chernova.kv@yandex.ru',  N'ул. Южная, д. 17, кв. 6',            8, 4,    2, 1, '2023-12-11T12:12:00.000'),
    (N'Эльдаров',  N'Руслан',     N'Тимурович',    '1981-07-31', '+79051234530', NULL,                     N'г. Воронеж, ул. Плехановская, д. 10', NULL, NULL, 1, 1, '2024-01-22T09:00:00.000');
GO

-- =============================================================================================
-- 9. Sample data: appeals reference tables
-- =============================================================================================
INSERT INTO appeals.topic (code, name, description, parent_topic_id, response_days) VALUES
    ('HOUSING',          N'Жилищно-коммунальное хозяйство',                      N'Содержание и ремонт жилого фонда, коммунальные услуги', NULL, 30),
    ('HOUSING.REPAIR',   N'Капитальный и текущий ремонт жилого фонда',           NULL, 1, 30),
    ('HOUSING.HEAT',     N'Теплоснабжение',                                      N'Отопление и горячее водоснабжение', 1, 10),
    ('HOUSING.WATER',    N'Водоснабжение и водоотведение',                       NULL, 1, 10),
    ('HOUSING.MC',       N'Работа управляющих компаний',                         NULL, 1, 30),
    ('ROADS',            N'Дороги и благоустройство',                            NULL, NULL, 30),
    ('ROADS.REPAIR',     N'Ремонт дорог и тротуаров',                            N'Ямочный ремонт, тротуары, ливнёвка', 6, 30),
    ('ROADS.LIGHT',      N'Уличное освещение',                                   NULL, 6, 15),
    ('ROADS.YARD',       N'Благоустройство дворовых территорий',                 N'Дворы, детские площадки, озеленение', 6, 30),
    ('TRANSPORT',        N'Общественный транспорт',                              NULL, NULL, 30),
    ('TRANSPORT.ROUTES', N'Маршрутная сеть и расписание',                        NULL, 10, 30),
    ('LAND',             N'Земельные отношения',                                 NULL, NULL, 30),
    ('LAND.LARGEFAM',    N'Предоставление земельных участков многодетным семьям', N'Бесплатное предоставление участков льготным категориям граждан', 12, 30),
    ('SOCIAL',           N'Социальная поддержка',                                NULL, NULL, 30),
    ('SPORT',            N'Физическая культура и спорт',                         NULL, NULL, 30),
    ('WASTE',            N'Вывоз твёрдых коммунальных отходов',                  N'Контейнерные площадки, график вывоза', 1, 10);
GO

INSERT INTO appeals.channel (channel_id, code, name, is_proactive) VALUES
    (1, 'personal_reception', N'Личный приём граждан',                              0),
    (2, 'live_line',          N'Прямая линия главы города',                         0),
    (3, 'social_incident',    N'Инцидент в социальных сетях (Центр управления регионом)', 1),
    (4, 'walkabout',          N'Обход района',                                      1),
    (5, 'portal',             N'Платформа обратной связи (Госуслуги)',              0),
    (6, 'written',            N'Письменное обращение',                              0);
GO

INSERT INTO appeals.executor (full_name, position, department, district_id, email, phone, is_active) VALUES
    (N'Смирнова Ольга Викторовна',      N'Начальник отдела по работе с обращениями граждан', N'Управление делами администрации',                  NULL, 'smirnova.ov@prirechensk.ru', '+74732200101', 1),
    (N'Кузнецов Андрей Петрович',       N'Заместитель руководителя департамента',            N'Департамент городского хозяйства',                 NULL, 'kuznetsov.ap@prirechensk.ru', '+74732200102', 1),
    (N'Попова Елена Сергеевна',         N'Главный специалист',                               N'Департамент городского хозяйства',                 NULL, 'popova.es@prirechensk.ru', NULL, 1),
    (N'Васильев Игорь Николаевич',      N'Начальник отдела содержания дорог',                N'Управление дорожного хозяйства и транспорта',      NULL, 'vasiliev.in@prirechensk.ru', '+74732200104', 1),
    (N'Морозова Татьяна Александровна', N'Консультант отдела земельных отношений',           N'Департамент имущественных и земельных отношений',  NULL, 'morozova.ta@prirechensk.ru', '+74732200105', 1),
    (N'Новиков Дмитрий Валерьевич',     N'Начальник отдела благоустройства',                 N'Администрация Центрального района',                1,    'novikov.dv@prirechensk.ru', '+74732200106', 1),
    (N'Фёдорова Анна Игоревна',         N'Ведущий специалист',                               N'Администрация Заречного района',                   2,    NULL, '+74732200107', 1),
    (N'Волков Сергей Михайлович',       N'Начальник отдела транспорта',                      N'Управление дорожного хозяйства и транспорта',      NULL, 'volkov.sm@prirechensk.ru', '+74732200108', 1),
    (N'Алексеева Марина Юрьевна',       N'Главный специалист',                               N'Управление физической культуры и спорта',          NULL, 'alekseeva.mu@prirechensk.ru', NULL, 1),
    (N'Лебедев Павел Андреевич',        N'Заместитель главы администрации района',           N'Администрация Северного района',                   3,    'lebedev.pa@prirechensk.ru', '+74732200110', 0);
GO

-- =============================================================================================
-- 10. Sample data: 60 appeals, their processing and answers
--     (one batch: the templates live in a table variable)
-- =============================================================================================
DECLARE @tpl TABLE (
    k           int NOT NULL PRIMARY KEY,
    topic_code  varchar(20) NOT NULL,
    executor_id int NOT NULL,
    street      nvarchar(100) NULL,
    subject     nvarchar(300) NOT NULL,
    body        nvarchar(max) NOT NULL,
    answer      nvarchar(max) NOT NULL
);

INSERT INTO @tpl (k, topic_code, executor_id, street, subject, body, answer) VALUES
    (1, 'HOUSING.HEAT', 3, N'ул. Гагарина', N'Низкая температура в квартире',
        N'В квартире температура воздуха не превышает 16 градусов, батареи чуть тёплые. Управляющая компания на звонки не отвечает. Прошу принять меры.',
        N'Проведена проверка теплоснабжения дома. Выполнена регулировка элеваторного узла и промывка стояка, температура теплоносителя приведена к нормативу.'),
    (2, 'ROADS.REPAIR', 4, N'ул. Садовая', N'Яма на проезжей части',
        N'Напротив остановки общественного транспорта на проезжей части образовалась глубокая яма, автомобили повреждают колёса. Прошу отремонтировать покрытие.',
        N'Участок включён в план ямочного ремонта. Работы выполнены подрядной организацией в рамках муниципального контракта на содержание дорог.'),
    (3, 'LAND.LARGEFAM', 5, NULL, N'Предоставление земельного участка многодетной семье',
        N'Наша семья воспитывает четверых детей и состоит на учёте с 2019 года. Прошу сообщить, когда будет предоставлен земельный участок для индивидуального жилищного строительства.',
        N'Ваша семья состоит в очереди под номером 47. Формирование земельных участков в микрорайоне Солнечный планируется завершить в III квартале, после чего участки будут распределены в порядке очерёдности.'),
    (4, 'TRANSPORT.ROUTES', 8, NULL, N'Увеличить количество автобусов маршрута № 12',
        N'В часы пик автобусы маршрута № 12 переполнены, интервал движения превышает 25 минут. Просим добавить рейсы утром и вечером.',
        N'Перевозчику выдано предписание о выпуске на линию двух дополнительных автобусов в часы пик. Интервал движения сокращён до 12 минут.'),
    (5, 'HOUSING.WATER', 3, N'ул. Мира', N'Отсутствует холодная вода',
        N'Третьи сутки в доме нет холодной воды. Объявлений об аварийных работах не было. Просим восстановить водоснабжение и организовать подвоз воды.',
        N'Авария на водоводе устранена ресурсоснабжающей организацией, водоснабжение восстановлено. Произведён перерасчёт платы за период отсутствия услуги.'),
    (6, 'ROADS.LIGHT', 6, N'пр. Строителей', N'Не горят фонари во дворе',
        N'Уже месяц не работает уличное освещение вдоль пешеходной дорожки к школе. Детям страшно ходить вечером.',
        N'Заменены светильники и восстановлена кабельная линия наружного освещения. Освещение работает в штатном режиме.'),
    (7, 'HOUSING.MC', 2, N'ул. Советская', N'Некачественная уборка подъезда',
        N'Управляющая компания не убирает подъезд и не вывозит мусор с контейнерной площадки, при этом плата за содержание жилья повышена.',
        N'В адрес управляющей компании направлено предписание Государственной жилищной инспекции. Уборка подъездов возобновлена по графику.'),
    (8, 'ROADS.YARD', 6, N'ул. Молодёжная', N'Благоустройство двора',
        N'Жители дома просят включить дворовую территорию в программу благоустройства: требуется ремонт проезда, установка детской площадки и скамеек.',
        N'Дворовая территория включена в адресный перечень муниципальной программы «Формирование современной городской среды» на следующий год.'),
    (9, 'WASTE', 3, N'ул. Заводская', N'Несвоевременный вывоз мусора',
        N'С контейнерной площадки мусор не вывозится уже неделю, контейнеры переполнены, отходы разносит ветер.',
        N'Региональному оператору направлено требование о соблюдении графика. Вывоз отходов выполнен, площадка убрана.'),
    (10, 'SOCIAL', 1, NULL, N'Материальная помощь',
        N'Прошу оказать материальную помощь в связи с трудной жизненной ситуацией: пожар в частном доме, пострадало имущество.',
        N'Вам назначена единовременная материальная помощь. Средства будут перечислены на указанный счёт в течение 10 рабочих дней.'),
    (11, 'SPORT', 9, N'ул. Спортивная', N'Запись ребёнка в спортивную школу',
        N'Прошу разъяснить порядок зачисления ребёнка 8 лет в отделение плавания спортивной школы и сроки проведения индивидуального отбора.',
        N'Индивидуальный отбор в отделение плавания проводится ежегодно в августе. Информация размещена на сайте спортивной школы «Дельфин».'),
    (12, 'HOUSING.REPAIR', 2, N'ул. Ленина', N'Протекает кровля',
        N'После дождей в квартире на пятом этаже течёт потолок. Управляющая компания ссылается на отсутствие средств на капитальный ремонт кровли.',
        N'Выполнен текущий ремонт кровли над квартирой. Капитальный ремонт крыши дома перенесён на ближайший период региональной программы.'),
    (13, 'ROADS.REPAIR', 4, N'ул. Южная', N'Отсутствует тротуар',
        N'Вдоль улицы нет тротуара, пешеходы, в том числе дети, идут по проезжей части.',
        N'Строительство тротуара включено в план дорожных работ на следующий год.'),
    (14, 'TRANSPORT', 8, NULL, N'В автобусе не принимают банковские карты',
        N'Кондукторы автобусов маршрута № 5 отказываются принимать оплату банковской картой, ссылаясь на неисправность терминалов.',
        N'Перевозчик заменил неисправные терминалы безналичной оплаты. Нарушение условий муниципального контракта зафиксировано, применён штраф.'),
    (15, 'LAND', 5, N'пер. Озёрный', N'Самовольный захват земельного участка',
        N'Сосед перенёс забор и занял часть общественной территории у берега пруда, проход к воде перекрыт.',
        N'Проведено выездное обследование, правообладателю выдано предостережение о недопустимости нарушения земельного законодательства.'),
    (16, 'HOUSING.HEAT', 3, N'ул. Кирова', N'Горячая вода еле тёплая',
        N'Температура горячей воды в кране не поднимается выше 40 градусов, при этом плата начисляется в полном объёме.',
        N'Ресурсоснабжающая организация устранила неисправность циркуляционного насоса. Выполнен перерасчёт платы за горячую воду.'),
    (17, 'ROADS.YARD', 7, N'ул. Победы', N'Спил аварийного дерева',
        N'Во дворе растёт старый тополь с сухими ветками, которые падают на припаркованные машины и детскую площадку.',
        N'Аварийное дерево обследовано комиссией и удалено. На его месте весной будет высажена липа.'),
    (18, 'LAND.LARGEFAM', 5, NULL, N'Нет инфраструктуры на выделенных участках',
        N'Многодетным семьям выделены участки в микрорайоне Солнечный, но к ним нет дороги, электричества и водопровода.',
        N'Строительство подъездной дороги и сетей электроснабжения включено в муниципальную программу, работы запланированы на следующий год.'),
    (19, 'HOUSING.WATER', 2, N'ул. Набережная', N'Подтопление подвала канализационными стоками',
        N'Подвал дома регулярно затапливает канализационными стоками, в подъезде стоит неприятный запах.',
        N'Выполнена прочистка дворовой канализационной сети и замена участка трубы. Подвал откачан и продезинфицирован.'),
    (20, 'TRANSPORT.ROUTES', 8, N'ул. Вокзальная', N'Перенос остановки общественного транспорта',
        N'После реконструкции перекрёстка остановка перенесена на 300 метров, пожилым людям неудобно добираться до поликлиники.',
        N'Вопрос рассмотрен комиссией по безопасности дорожного движения. Остановка будет возвращена на прежнее место после установки павильона.');

-- 60 appeals, set-based, from a numbers CTE
WITH digits AS (
    SELECT d FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS v(d)
), numbers AS (
    SELECT tens.d * 10 + ones.d + 1 AS n
    FROM digits AS tens CROSS JOIN digits AS ones
    WHERE tens.d * 10 + ones.d + 1 <= 60
), src AS (
    SELECT
        n.n,
        (n.n - 1) % 6 + 1 AS channel_id,
        t.*,
        DATEADD(minute, (n.n * 37) % 420, DATEADD(day, (n.n - 1) * 3, CAST('2024-01-09T09:00:00' AS datetime))) AS registered_at
    FROM numbers AS n
    JOIN @tpl AS t ON t.k = (n.n - 1) % 20 + 1
)
INSERT INTO appeals.appeal (reg_number, registered_at, citizen_id, topic_id, channel_id, district_id, executor_id,
                            subject, body, address, is_collective, signatures_count, status, status_changed_at, due_date)
SELECT
    N'ОГ-2024-' + RIGHT('0000' + CAST(s.n AS varchar(5)), 5),
    s.registered_at,
    CASE WHEN s.channel_id = 3 AND s.n % 4 = 1 THEN NULL ELSE (s.n * 7) % 30 + 1 END,
    tp.topic_id,
    s.channel_id,
    CASE WHEN s.street IS NULL THEN NULL ELSE (s.n * 3) % 8 + 1 END,
    CASE WHEN s.n <= 52 THEN s.executor_id ELSE NULL END,
    s.subject,
    s.body + CASE WHEN s.n % 5 = 0 THEN N' Прошу дать ответ в письменной форме.' ELSE N'' END,
    CASE WHEN s.street IS NULL THEN NULL
         ELSE s.street + N', д. ' + CAST((s.n * 13) % 90 + 1 AS nvarchar(10)) END,
    CASE WHEN s.n % 7 = 0 THEN 1 ELSE 0 END,
    CASE WHEN s.n % 7 = 0 THEN 10 + s.n ELSE NULL END,
    N'open',
    s.registered_at,
    appeals.fn_due_date(s.registered_at, tp.response_days)
FROM src AS s
JOIN appeals.topic AS tp ON tp.code = s.topic_code
ORDER BY s.n;

-- Workflow. Appeal n is identified by the last 5 characters of reg_number.
--   n <= 40, n % 8 = 0  -> rejected (duplicates / not in competence)
--   n <= 40, n % 8 = 4  -> in_progress, then answered
--   n <= 40, otherwise  -> in_progress, then closed by appeals.usp_close_appeal
--   41..52              -> in_progress (every other one has an interim answer)
--   53..60              -> open, not yet assigned
UPDATE appeals.appeal
   SET status = N'rejected',
       status_changed_at = DATEADD(day, 2, registered_at),
       closed_at = DATEADD(day, 2, registered_at)
 WHERE CAST(RIGHT(reg_number, 5) AS int) <= 40
   AND CAST(RIGHT(reg_number, 5) AS int) % 8 = 0;

UPDATE appeals.appeal
   SET status = N'in_progress',
       status_changed_at = DATEADD(hour, 3, registered_at)
 WHERE CAST(RIGHT(reg_number, 5) AS int) <= 52
   AND status = N'open';

-- interim answers
INSERT INTO appeals.appeal_answer (appeal_id, executor_id, answered_at, answer_text, is_final, citizen_rating)
SELECT a.appeal_id, a.executor_id, DATEADD(day, 5, a.registered_at),
       N'Ваше обращение принято в работу. Проводится проверка, о результатах вам будет сообщено дополнительно.', 0, NULL
FROM appeals.appeal AS a
WHERE CAST(RIGHT(a.reg_number, 5) AS int) BETWEEN 41 AND 52
  AND CAST(RIGHT(a.reg_number, 5) AS int) % 2 = 0
ORDER BY a.appeal_id;

-- answered (answer sent, waiting for the citizen's feedback)
INSERT INTO appeals.appeal_answer (appeal_id, executor_id, answered_at, answer_text, is_final, citizen_rating)
SELECT a.appeal_id, a.executor_id, DATEADD(day, 7, a.registered_at), t.answer, 1, NULL
FROM appeals.appeal AS a
JOIN @tpl AS t ON t.k = (CAST(RIGHT(a.reg_number, 5) AS int) - 1) % 20 + 1
WHERE CAST(RIGHT(a.reg_number, 5) AS int) <= 40
  AND CAST(RIGHT(a.reg_number, 5) AS int) % 8 = 4
ORDER BY a.appeal_id;

UPDATE appeals.appeal
   SET status = N'answered',
       status_changed_at = DATEADD(day, 7, registered_at)
 WHERE CAST(RIGHT(reg_number, 5) AS int) <= 40
   AND CAST(RIGHT(reg_number, 5) AS int) % 8 = 4;

-- closed through the stored procedure
DECLARE @n int = 1, @appeal_id bigint, @executor_id int, @answer nvarchar(max), @closed_at datetime, @rating tinyint;
WHILE @n <= 40
BEGIN
    IF @n % 4 <> 0
    BEGIN
        SELECT @appeal_id = a.appeal_id,
               @executor_id = a.executor_id,
               @answer = t.answer,
               @closed_at = DATEADD(hour, 6, DATEADD(day, @n % 12 + 3, a.registered_at)),
               @rating = CASE WHEN @n % 3 = 0 THEN NULL ELSE @n % 5 + 1 END
        FROM appeals.appeal AS a
        JOIN @tpl AS t ON t.k = (@n - 1) % 20 + 1
        WHERE a.reg_number = N'ОГ-2024-' + RIGHT('0000' + CAST(@n AS varchar(5)), 5);

        EXEC appeals.usp_close_appeal
             @appeal_id = @appeal_id,
             @executor_id = @executor_id,
             @answer_text = @answer,
             @closed_at = @closed_at,
             @citizen_rating = @rating;
    END;
    SET @n = @n + 1;
END;
GO

-- =============================================================================================
-- 11. Sample data: budget
-- =============================================================================================
INSERT INTO budget.fiscal_year (fiscal_year, starts_on, ends_on, approval_decision, is_closed) VALUES
    (2023, '2023-01-01', '2023-12-31', N'Решение Приреченской городской думы от 21.12.2022 № 318 «О бюджете городского округа на 2023 год и плановый период 2024 и 2025 годов»', 1),
    (2024, '2024-01-01', '2024-12-31', N'Решение Приреченской городской думы от 19.12.2023 № 412 «О бюджете городского округа на 2024 год и плановый период 2025 и 2026 годов»', 0),
    (2025, '2025-01-01', '2025-12-31', NULL, 0);
GO

INSERT INTO budget.budget_line (kbk_code, name, municipal_programme, chief_administrator) VALUES
    ('90305030110160010244', N'Благоустройство дворовых территорий многоквартирных домов',                N'Формирование современной городской среды', N'Департамент городского хозяйства'),
    ('9030503011F255550244', N'Реализация программ формирования современной городской среды (ФП «Формирование комфортной городской среды»)', N'Формирование современной городской среды', N'Департамент городского хозяйства'),
    ('90404090310120010244', N'Ремонт автомобильных дорог общего пользования местного значения',          N'Развитие транспортной системы', N'Управление дорожного хозяйства и транспорта'),
    ('90404080320160030811', N'Субсидии перевозчикам на возмещение недополученных доходов',               N'Развитие транспортной системы', N'Управление дорожного хозяйства и транспорта'),
    ('90305020210120050244', N'Модернизация объектов теплоснабжения',                                     N'Развитие коммунальной инфраструктуры', N'Департамент городского хозяйства'),
    ('90305030110220070244', N'Содержание и ремонт сетей уличного освещения',                             N'Формирование современной городской среды', N'Департамент городского хозяйства'),
    ('91201130410120090244', N'Содержание объектов муниципальной казны',                                  N'Управление муниципальным имуществом', N'Департамент имущественных и земельных отношений'),
    ('91204120420120110244', N'Кадастровые работы по формированию земельных участков для многодетных семей', N'Управление муниципальным имуществом', N'Департамент имущественных и земельных отношений'),
    ('92511030510100590611', N'Субсидии спортивным школам на выполнение муниципального задания',          N'Развитие физической культуры и спорта', N'Управление физической культуры и спорта'),
    ('92511020520120130244', N'Проведение городских физкультурных и спортивных мероприятий',              N'Развитие физической культуры и спорта', N'Управление физической культуры и спорта'),
    ('90101130610120150244', N'Реализация инициативных проектов',                                         NULL, N'Администрация города Приреченска'),
    ('90101040610100190121', N'Фонд оплаты труда работников администрации',                               NULL, N'Администрация города Приреченска');
GO

INSERT INTO budget.allocation (fiscal_year, budget_line_id, approved_amount, revised_amount, approved_on, note) VALUES
    (2023,  3,  88500000.0000,  91200000.0000, '2022-12-21', N'Увеличено решением думы от 26.09.2023 № 377'),
    (2023,  5,  39000000.0000,           NULL, '2022-12-21', NULL),
    (2023, 11,  15000000.0000,           NULL, '2022-12-21', N'Шесть проектов-победителей'),
    (2023, 12, 171300000.0000, 173480512.3400, '2022-12-21', NULL),
    (2024,  1,  25000000.0000,  26500000.0000, '2023-12-19', N'Дополнительные средства областного бюджета'),
    (2024,  2,  48750000.0000,           NULL, '2023-12-19', N'Софинансирование федерального проекта'),
    (2024,  3,  96400000.0000, 102150000.5000, '2023-12-19', NULL),
    (2024,  4,  35000000.0000,           NULL, '2023-12-19', NULL),
    (2024,  5,  41200000.0000,           NULL, '2023-12-19', NULL),
    (2024,  6,  12600000.0000,  11874300.2500, '2023-12-19', N'Экономия по итогам торгов'),
    (2024,  7,   8350000.0000,           NULL, '2023-12-19', NULL),
    (2024,  8,   3100000.0000,           NULL, '2023-12-19', NULL),
    (2024,  9,  67800000.0000,           NULL, '2023-12-19', NULL),
    (2024, 10,   4500000.0000,           NULL, '2023-12-19', NULL),
    (2024, 11,  20000000.0000,           NULL, '2023-12-19', NULL),
    (2024, 12, 184250000.0000,           NULL, '2023-12-19', NULL),
    (2025,  1,  27000000.0000,           NULL, '2024-12-17', NULL),
    (2025,  2,  50100000.0000,           NULL, '2024-12-17', NULL),
    (2025,  3, 105000000.0000,           NULL, '2024-12-17', NULL),
    (2025,  4,  36750000.0000,           NULL, '2024-12-17', NULL),
    (2025,  5,  30000000.0000,           NULL, '2024-12-17', NULL),
    (2025,  6,  12900000.0000,           NULL, '2024-12-17', NULL),
    (2025,  7,   8600000.0000,           NULL, '2024-12-17', NULL),
    (2025,  8,   2500000.0000,           NULL, '2024-12-17', NULL),
    (2025,  9,  71190000.0000,           NULL, '2024-12-17', NULL),
    (2025, 11,  22000000.0000,           NULL, '2024-12-17', NULL);
GO

INSERT INTO budget.execution (fiscal_year, budget_line_id, paid_on, amount, payment_order_no, purpose) VALUES
    (2023,  3, '2023-07-14',  5200000.0000, '000412', N'Оплата по МК-2023/045, акт КС-2 № 1'),
    (2023,  3, '2023-10-20', 10600000.0000, '000877', N'Окончательный расчёт по МК-2023/045'),
    (2023,  5, '2023-11-30', 18345120.4500, '000951', N'Оплата работ по модернизации тепловых сетей'),
    (2023, 11, '2023-09-05',  9870000.0000, '000702', N'Финансирование инициативных проектов 2023 года'),
    (2023, 12, '2023-12-28', 15480230.1200, '001120', N'Заработная плата за декабрь'),
    (2024, 12, '2024-01-25', 14980250.3300, '000031', N'Заработная плата за январь'),
    (2024, 12, '2024-02-26', 15012440.1800, '000188', N'Заработная плата за февраль'),
    (2024, 12, '2024-03-25', 15104875.6000, '000342', N'Заработная плата за март'),
    (2024,  9, '2024-01-31',  5650000.0000, '000052', N'Субсидия на выполнение муниципального задания, январь'),
    (2024,  9, '2024-02-29',  5650000.0000, '000201', N'Субсидия на выполнение муниципального задания, февраль'),
    (2024,  9, '2024-03-29',  5650000.0000, '000361', N'Субсидия на выполнение муниципального задания, март'),
    (2024,  4, '2024-02-15',  2916666.6667, '000150', N'Субсидия перевозчику ООО «Автоколонна № 1» за январь'),
    (2024,  4, '2024-03-15',  2916666.6667, '000298', N'Субсидия перевозчику ООО «Автоколонна № 1» за февраль'),
    (2024,  3, '2024-04-10',  1869150.1500, '000455', N'Аванс 30 % по МК-2024/002'),
    (2024,  3, '2024-05-31',  3114000.0000, '000690', N'Оплата по МК-2024/001, акт КС-2 № 1'),
    (2024,  3, '2024-06-28',  4361350.3500, '000812', N'Оплата по МК-2024/002, акт № 2'),
    (2024,  1, '2024-06-14',  4935000.0000, '000733', N'Оплата по МК-2024/003, акт № 1'),
    (2024,  1, '2024-08-30',  4935000.0000, '001102', N'Окончательный расчёт по МК-2024/003'),
    (2024,  2, '2024-07-19',  7160000.0000, '000950', N'Оплата по МК-2024/004, этап 1'),
    (2024,  6, '2024-02-09',   341666.6700, '000120', N'Оплата по МК-2024/005 за январь'),
    (2024,  6, '2024-03-11',   341666.6700, '000260', N'Оплата по МК-2024/005 за февраль'),
    (2024,  6, '2024-05-17',  1785000.0000, '000640', N'Оплата по МК-2024/006 (замена светильников)'),
    (2024,  8, '2024-05-06',   372000.0000, '000560', N'Аванс по МК-2024/007'),
    (2024,  7, '2024-04-22',   385000.0000, '000500', N'Оплата по МК-2024/008 (оценка права аренды)'),
    (2024,  7, '2024-04-30',   -12500.0000, '000540', N'Восстановление кассового расхода: возврат излишне уплаченной суммы'),
    (2024, 10, '2024-06-13',   640000.0000, '000720', N'Оплата по МК-2024/010 (фестиваль ГТО)'),
    (2024, 11, '2024-07-26',   894000.0000, '001010', N'Аванс по МК-2024/011'),
    (2024,  5, '2024-05-24',  8280000.0000, '000655', N'Аванс 30 % по МК-2024/013'),
    (2024,  7, '2024-03-20',   135000.0000, '000330', N'Оплата по МК-2024/014 за февраль'),
    (2024,  9, '2024-04-26',  5712345.6789, '000489', N'Субсидия на выполнение муниципального задания, апрель');
GO

INSERT INTO budget.contract (contract_number, eis_registry_number, procurement_method, subject, supplier_name, supplier_inn,
                             fiscal_year, budget_line_id, amount, vat_rate, signed_at, valid_until, status) VALUES
    (N'МК-2023/045', '3366400012323000045', N'Электронный аукцион',   N'Ремонт асфальтобетонного покрытия ул. Кирова и ул. Победы', N'ООО «ДорСтройСервис»', '3664123456', 2023, 3, 15800000.0000, 20.00, '2023-05-18T10:30:00', '2023-10-31', 'completed'),
    (N'МК-2024/001', '3366400012324000001', N'Электронный аукцион',   N'Ремонт асфальтобетонного покрытия ул. Садовой и ул. Южной', N'ООО «ДорСтройСервис»', '3664123456', 2024, 3, 18450000.0000, 20.00, '2024-03-14T11:20:00', '2024-10-31', 'executing'),
    (N'МК-2024/002', '3366400012324000002', N'Электронный аукцион',   N'Ямочный ремонт автомобильных дорог', N'АО «Городское дорожное управление»', '3662098765', 2024, 3, 6230500.5000, 20.00, '2024-02-20T10:05:00', '2024-11-30', 'executing'),
    (N'МК-2024/003', '3366400012324000003', N'Электронный аукцион',   N'Благоустройство дворовых территорий по адресной программе', N'ООО «Зелёный город»', '3665011223', 2024, 1, 9870000.0000, 20.00, '2024-04-02T15:45:00', '2024-09-30', 'completed'),
    (N'МК-2024/004', '3366400012324000004', N'Электронный конкурс',   N'Устройство детских игровых площадок (федеральный проект)', N'ООО «Игровые системы»', '7721556677', 2024, 2, 14320000.0000, 20.00, '2024-05-27T09:00:00', '2024-12-20', 'executing'),
    (N'МК-2024/005', '3366400012324000005', N'Электронный аукцион',   N'Техническое обслуживание сетей наружного освещения', N'МУП «Горсвет»', '3663004455', 2024, 6, 4100000.0000, 20.00, '2024-01-15T16:10:00', '2024-12-31', 'executing'),
    (N'МК-2024/006', '3366400012324000006', N'Запрос котировок в электронной форме', N'Замена светильников на светодиодные', N'ИП Карпов Алексей Викторович', '366401234567', 2024, 6, 1785000.0000, 0.00, '2024-03-22T12:00:00', '2024-05-31', 'completed'),
    (N'МК-2024/007', '3366400012324000007', N'Электронный аукцион',   N'Кадастровые работы по формированию 40 земельных участков для многодетных семей в мкр. Солнечный', N'ООО «ГеоКадастр»', '3666112233', 2024, 8, 1240000.0000, 20.00, '2024-04-11T14:30:00', '2024-08-31', 'executing'),
    (N'МК-2024/008', NULL,                  N'Закупка у единственного поставщика', N'Оценка рыночной стоимости права аренды муниципального имущества', N'ООО «Центр оценки и экспертизы»', '3662233445', 2024, 7, 385000.0000, 20.00, '2024-03-05T10:00:00', '2024-04-15', 'completed'),
    (N'МК-2024/009', '3366400012324000009', N'Электронный аукцион',   N'Поставка спортивного инвентаря для спортивных школ', N'ООО «СпортТорг»', '3661445566', 2024, 10, 2150000.7500, 20.00, '2024-06-03T11:00:00', '2024-07-31', 'signed'),
    (N'МК-2024/010', NULL,                  N'Закупка у единственного поставщика', N'Организация и проведение городского фестиваля ГТО', N'АНО «Спортивный город»', '3666778899', 2024, 10, 640000.0000, 0.00, '2024-04-19T15:00:00', '2024-06-15', 'completed'),
    (N'МК-2024/011', '3366400012324000011', N'Электронный аукцион',   N'Ремонт спортивной площадки в сквере на ул. Победы (инициативный проект)', N'ООО «СтройПартнёр»', '3662556677', 2024, 11, 2980000.0000, 20.00, '2024-06-24T10:40:00', '2024-09-30', 'completed'),
    (N'МК-2024/012', '3366400012324000012', N'Электронный аукцион',   N'Обустройство сквера на ул. Молодёжной (инициативный проект)', N'ООО «Зелёный город»', '3665011223', 2024, 11, 4470000.0000, 20.00, '2024-07-08T09:15:00', '2024-10-31', 'signed'),
    (N'МК-2024/013', '3366400012324000013', N'Электронный конкурс',   N'Модернизация котельной по ул. Заводской', N'ООО «ТеплоЭнергоМонтаж»', '3663778800', 2024, 5, 27600000.0000, 20.00, '2024-04-25T17:05:00', '2024-09-15', 'executing'),
    (N'МК-2024/014', '3366400012324000014', N'Электронный аукцион',   N'Содержание объектов муниципальной казны', N'ООО «УК Управдом»', '3664990011', 2024, 7, 812340.2500, 20.00, '2024-02-01T10:00:00', '2024-12-31', 'terminated');
GO

INSERT INTO budget.contract_payment (contract_id, execution_id, paid_on, amount, penalty_amount, document_ref) VALUES
    ( 1,    1, '2023-07-14',  5200000.0000,       NULL, N'Акт КС-2 № 1 от 30.06.2023'),
    ( 1,    2, '2023-10-20', 10600000.0000,       NULL, N'Акт КС-2 № 2 от 29.09.2023'),
    ( 3,   14, '2024-04-10',  1869150.1500,       NULL, N'Счёт на аванс № 17'),
    ( 2,   15, '2024-05-31',  3114000.0000,       NULL, N'Акт КС-2 № 1 от 20.05.2024'),
    ( 3,   16, '2024-06-28',  4361350.3500, 18240.5500, N'Акт № 2 от 14.06.2024, удержана неустойка'),
    ( 4,   17, '2024-06-14',  4935000.0000,       NULL, N'УПД № 112'),
    ( 4,   18, '2024-08-30',  4935000.0000,       NULL, N'УПД № 187'),
    ( 5,   19, '2024-07-19',  7160000.0000,       NULL, N'Акт выполненных работ по этапу 1'),
    ( 6,   20, '2024-02-09',   341666.6700,       NULL, N'Акт за январь 2024 г.'),
    ( 6,   21, '2024-03-11',   341666.6700,       NULL, N'Акт за февраль 2024 г.'),
    ( 6, NULL, '2024-04-10',   341666.6700,       NULL, N'Акт за март 2024 г.'),
    ( 7,   22, '2024-05-17',  1785000.0000,       NULL, N'УПД № 45'),
    ( 8,   23, '2024-05-06',   372000.0000,       NULL, N'Аванс 30 %'),
    ( 9,   24, '2024-04-22',   385000.0000,       NULL, N'Отчёт об оценке № 64-О'),
    (11,   26, '2024-06-13',   640000.0000,       NULL, N'Акт оказанных услуг № 9'),
    (12,   27, '2024-07-26',   894000.0000,       NULL, N'Аванс 30 %'),
    (14,   28, '2024-05-24',  8280000.0000,       NULL, N'Аванс 30 %'),
    (15,   29, '2024-03-20',   135000.0000,  2500.0000, N'Акт за февраль 2024 г., штраф за ненадлежащее исполнение'),
    (14, NULL, '2024-07-12',  6900000.0000,       NULL, N'Акт КС-2 № 1'),
    ( 2, NULL, '2024-07-30',  5535000.0000, 45120.3300, N'Акт КС-2 № 2, неустойка за просрочку'),
    (12, NULL, '2024-09-20',  2086000.0000,       NULL, N'Акт КС-2 № 1, окончательный расчёт');
GO

-- =============================================================================================
-- 12. Sample data: property registry
-- =============================================================================================
INSERT INTO property.category (category_id, code, name) VALUES
    (1, 'BUILDING',  N'Нежилое здание'),
    (2, 'PREMISES',  N'Нежилое помещение'),
    (3, 'LAND',      N'Земельный участок'),
    (4, 'STRUCTURE', N'Сооружение'),
    (5, 'DWELLING',  N'Жилое помещение'),
    (6, 'ROAD',      N'Автомобильная дорога');
GO

INSERT INTO property.property_object (registry_number, cadastral_number, category_id, name, address, district_id, area,
                                      balance_value, commissioned_year, permitted_use, for_preferential_allocation, included_on) VALUES
    (N'РМИ-01-000101', '36:34:0203015:120',  1, N'Здание администрации города',                          N'пл. Ленина, д. 1',                     1, 4820.50, 185400000.0000, 1967, N'Административное здание', 0, '1999-04-12'),
    (N'РМИ-01-000102', '36:34:0203015:245',  1, N'Здание спортивной школы «Олимп»',                      N'ул. Спортивная, д. 5',                 1, 3210.75,  96500000.0000, 1985, N'Спортивное сооружение', 0, '1999-04-12'),
    (N'РМИ-01-000103', '36:34:0401022:88',   1, N'Здание спортивной школы олимпийского резерва',         N'ул. Победы, д. 40',                    2, 5600.00, 143200000.0000, 1979, N'Спортивное сооружение', 0, '2001-09-03'),
    (N'РМИ-01-000104', '36:34:0502003:311',  4, N'Крытый каток «Юность»',                                N'ул. Кирова, д. 21',                    3, 4100.30, 210750000.0000, 2012, N'Спортивное сооружение', 0, '2012-12-28'),
    (N'РМИ-01-000105', '36:34:0105007:56',   1, N'Плавательный бассейн «Дельфин»',                       N'ул. Набережная, д. 3',                 4, 2890.00, 118900000.0000, 2008, N'Спортивное сооружение', 0, '2008-11-14'),
    (N'РМИ-02-000201', '36:34:0203011:1024', 2, N'Нежилое помещение на первом этаже жилого дома',         N'ул. Советская, д. 14, пом. 2',         1,  124.60,   5230000.0000, 1958, N'Торговля', 0, '2005-02-17'),
    (N'РМИ-02-000202', '36:34:0305009:877',  2, N'Нежилое помещение в подвале',                          N'ул. Гагарина, д. 33, пом. 1',          5,   86.30,   1840000.0000, 1972, N'Бытовое обслуживание', 0, '2006-06-20'),
    (N'РМИ-02-000203', NULL,                 2, N'Нежилое помещение бывшей библиотеки',                  N'ул. Мира, д. 7, пом. 3',               6,  210.00,           NULL, 1964, NULL, 0, '2023-11-01'),
    (N'РМИ-03-000301', '36:34:0610001:1501', 3, N'Земельный участок для ИЖС',                            N'мкр. Солнечный, ул. Рябиновая, уч. 1', 7, 1000.00,    450000.0000, NULL, N'Для индивидуального жилищного строительства', 1, '2021-05-12'),
    (N'РМИ-03-000302', '36:34:0610001:1502', 3, N'Земельный участок для ИЖС',                            N'мкр. Солнечный, ул. Рябиновая, уч. 2', 7, 1000.00,    450000.0000, NULL, N'Для индивидуального жилищного строительства', 1, '2021-05-12'),
    (N'РМИ-03-000303', '36:34:0610001:1503', 3, N'Земельный участок для ИЖС',                            N'мкр. Солнечный, ул. Липовая, уч. 8',   7, 1050.00,    472500.0000, NULL, N'Для индивидуального жилищного строительства', 1, '2021-05-12'),
    (N'РМИ-03-000304', '36:34:0610001:1504', 3, N'Земельный участок для ИЖС',                            N'мкр. Солнечный, ул. Кленовая, уч. 2',  7, 1000.00,    450000.0000, NULL, N'Для индивидуального жилищного строительства', 1, '2022-03-30'),
    (N'РМИ-03-000305', NULL,                 3, N'Земельный участок для ИЖС (формируется)',              N'мкр. Солнечный, ул. Кленовая, уч. 4',  7, 1000.00,           NULL, NULL, N'Для индивидуального жилищного строительства', 1, '2024-05-06'),
    (N'РМИ-03-000306', NULL,                 3, N'Земельный участок для ИЖС (формируется)',              N'мкр. Солнечный, ул. Кленовая, уч. 6',  7,  980.00,           NULL, NULL, N'Для индивидуального жилищного строительства', 1, '2024-05-06'),
    (N'РМИ-03-000307', '36:34:0203015:17',   3, N'Земельный участок под зданием администрации',          N'пл. Ленина, д. 1',                     1, 6350.00,  28600000.0000, NULL, N'Размещение административных зданий', 0, '2003-07-01'),
    (N'РМИ-04-000401', '36:34:0000000:5521', 6, N'Автомобильная дорога по ул. Садовой',                  N'ул. Садовая',                          5, 18400.00, 84500000.0000, 1988, NULL, 0, '2009-01-20'),
    (N'РМИ-04-000402', '36:34:0000000:5530', 6, N'Автомобильная дорога по ул. Южной',                    N'ул. Южная',                            8, 9600.00,  31200000.0000, 1995, NULL, 0, '2009-01-20'),
    (N'РМИ-05-000501', '36:34:0405011:302',  5, N'Квартира маневренного фонда',                          N'ул. Молодёжная, д. 9, кв. 41',         3,   36.40,   2450000.0000, 1983, N'Проживание', 0, '2010-10-10'),
    (N'РМИ-05-000502', '36:34:0405011:315',  5, N'Квартира социального найма',                           N'ул. Молодёжная, д. 9, кв. 57',         3,   52.10,   3210000.0000, 1983, N'Проживание', 0, '2010-10-10'),
    (N'РМИ-04-000403', '36:34:0701004:90',   4, N'Котельная',                                            N'ул. Заводская, д. 2а',                 6,  640.00,  38700000.0000, 1976, N'Коммунальное обслуживание', 0, '2004-03-15');
GO

INSERT INTO property.right_record (property_id, right_type, holder_name, holder_inn, citizen_id, start_date, end_date, annual_rent, basis_document) VALUES
    ( 1, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '1999-04-12', NULL,         NULL,        N'Постановление о включении в реестр № 112'),
    ( 1, 'operational_management', N'Администрация города Приреченска',                      '3664000123', NULL, '1999-04-12', NULL,         NULL,        N'Распоряжение № 45-р'),
    ( 2, 'operational_management', N'МБУ «Спортивная школа «Олимп»',                         '3664011001', NULL, '1999-04-12', NULL,         NULL,        N'Распоряжение № 46-р'),
    ( 3, 'operational_management', N'МБУ «СШОР по лёгкой атлетике»',                         '3664011002', NULL, '2001-09-03', NULL,         NULL,        N'Распоряжение № 212-р'),
    ( 4, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '2012-12-28', NULL,         NULL,        N'Разрешение на ввод объекта в эксплуатацию'),
    ( 4, 'operational_management', N'МАУ «Спортивная школа «Юность»',                        '3664011003', NULL, '2013-01-15', NULL,         NULL,        N'Распоряжение № 5-р'),
    ( 5, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '2008-11-14', NULL,         NULL,        NULL),
    ( 5, 'operational_management', N'МБУ «Спортивная школа по плаванию «Дельфин»',           '3664011004', NULL, '2008-12-01', NULL,         NULL,        N'Распоряжение № 390-р'),
    ( 6, 'lease',                  N'ООО «Продукты у дома»',                                 '3662123987', NULL, '2019-03-01', '2024-02-29', 612000.0000, N'Договор аренды № 15/2019'),
    ( 6, 'lease',                  N'ООО «Продукты у дома»',                                 '3662123987', NULL, '2024-03-01', '2029-02-28', 748800.0000, N'Договор аренды № 4/2024 по итогам аукциона'),
    ( 7, 'lease',                  N'ООО «Ремонт обуви»',                                    '3662456123', NULL, '2016-05-01', '2021-04-30', 120000.0000, N'Договор аренды № 9/2016'),
    ( 7, 'lease',                  N'ИП Соколова Ирина Олеговна',                            '366512345678', NULL, '2021-07-01', NULL,       215400.0000, N'Договор аренды № 22/2021'),
    ( 8, 'free_use',               N'Местная общественная организация ветеранов',            '3662009988', NULL, '2015-01-01', '2023-12-31', NULL,        N'Договор безвозмездного пользования № 3/2015'),
    ( 9, 'citizen_ownership',      N'Сидоренко Олег Николаевич',                             NULL,         3,    '2022-06-15', NULL,         NULL,        N'Постановление о предоставлении земельного участка в собственность бесплатно № 1187'),
    (10, 'citizen_ownership',      N'Никитин Роман Александрович',                           NULL,         7,    '2022-06-15', NULL,         NULL,        N'Постановление о предоставлении земельного участка в собственность бесплатно № 1188'),
    (11, 'citizen_ownership',      N'Гарипова Алсу Ильдаровна',                              NULL,         12,   '2022-09-01', NULL,         NULL,        N'Постановление о предоставлении земельного участка в собственность бесплатно № 1702'),
    (12, 'citizen_ownership',      N'Соловьёва Ирина Андреевна',                             NULL,         18,   '2023-04-20', NULL,         NULL,        N'Постановление о предоставлении земельного участка в собственность бесплатно № 655'),
    (15, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '2003-07-01', NULL,         NULL,        N'Выписка из ЕГРН'),
    (16, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '2009-01-20', NULL,         NULL,        NULL),
    (16, 'operational_management', N'МКУ «Городское управление дорог»',                      '3664011010', NULL, '2009-02-01', NULL,         NULL,        N'Распоряжение № 31-р'),
    (17, 'operational_management', N'МКУ «Городское управление дорог»',                      '3664011010', NULL, '2009-02-01', NULL,         NULL,        N'Распоряжение № 31-р'),
    (18, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '2010-10-10', NULL,         NULL,        NULL),
    (19, 'ownership',              N'Городской округ город Приреченск',                      '3664000123', NULL, '2010-10-10', NULL,         NULL,        NULL),
    (20, 'economic_management',    N'МУП «Теплосеть»',                                       '3663012345', NULL, '2005-06-01', NULL,         NULL,        N'Договор о закреплении имущества на праве хозяйственного ведения № 2/2005');
GO

-- =============================================================================================
-- 13. Sample data: sports schools
-- =============================================================================================
INSERT INTO sport.school (name, short_name, district_id, property_id, address, phone, director_name, founded_on) VALUES
    (N'Муниципальное бюджетное учреждение «Спортивная школа «Олимп»',                   N'СШ «Олимп»',               1, 2, N'ул. Спортивная, д. 5', '+74732556677', N'Ершов Виталий Николаевич',  '1985-09-01'),
    (N'Муниципальное бюджетное учреждение «Спортивная школа олимпийского резерва по лёгкой атлетике»', N'СШОР по лёгкой атлетике', 2, 3, N'ул. Победы, д. 40', '+74732556678', N'Гусева Елена Борисовна', '1979-06-15'),
    (N'Муниципальное автономное учреждение «Спортивная школа «Юность»',                 N'СШ «Юность»',              3, 4, N'ул. Кирова, д. 21',    '+74732556679', N'Макаров Денис Евгеньевич',  '2012-12-28'),
    (N'Муниципальное бюджетное учреждение «Спортивная школа по плаванию «Дельфин»',     N'СШ «Дельфин»',             4, 5, N'ул. Набережная, д. 3', NULL,           NULL,                          '2008-12-01');
GO

INSERT INTO sport.programme (school_id, sport_name, stage_code, title, duration_years, hours_per_week, min_age, max_age, approved_on) VALUES
    (1, N'Футбол',         'NP',  N'Дополнительная образовательная программа спортивной подготовки по виду спорта «футбол», этап начальной подготовки', 3,  6.0,  7, 10, '2023-08-25'),
    (1, N'Футбол',         'UT',  N'Дополнительная образовательная программа спортивной подготовки по виду спорта «футбол», учебно-тренировочный этап', 5, 12.0, 10, 16, '2023-08-25'),
    (1, N'Волейбол',       'NP',  N'Дополнительная образовательная программа спортивной подготовки по виду спорта «волейбол», этап начальной подготовки', 3, 6.0, 8, 11, '2023-08-25'),
    (2, N'Лёгкая атлетика','NP',  N'Программа спортивной подготовки по виду спорта «лёгкая атлетика», этап начальной подготовки', 2,  4.5,  9, 11, '2023-08-30'),
    (2, N'Лёгкая атлетика','UT',  N'Программа спортивной подготовки по виду спорта «лёгкая атлетика», учебно-тренировочный этап', 5, 14.0, 11, 17, '2023-08-30'),
    (2, N'Лёгкая атлетика','SSM', N'Программа спортивной подготовки по виду спорта «лёгкая атлетика», этап совершенствования спортивного мастерства', 4, 20.0, 14, 35, '2023-08-30'),
    (3, N'Хоккей',         'NP',  N'Программа спортивной подготовки по виду спорта «хоккей», этап начальной подготовки', 3,  8.0,  7, 10, NULL),
    (4, N'Плавание',       'NP',  N'Программа спортивной подготовки по виду спорта «плавание», этап начальной подготовки', 3,  6.0,  7, 10, '2024-01-10'),
    (4, N'Плавание',       'UT',  N'Программа спортивной подготовки по виду спорта «плавание», учебно-тренировочный этап', 5, 12.0,  9, 16, '2024-01-10');
GO

INSERT INTO sport.training_group (programme_id, code, coach_name, study_year, max_size, season) VALUES
    (1, N'ФУТ-НП-1', N'Ершов Виталий Николаевич',     1, 15, 2024),
    (1, N'ФУТ-НП-2', N'Тарасов Олег Игоревич',        2, 15, 2024),
    (2, N'ФУТ-УТ-1', N'Тарасов Олег Игоревич',        1, 14, 2024),
    (3, N'ВОЛ-НП-1', N'Сафина Гульнара Рашитовна',    1, 16, 2024),
    (4, N'ЛА-НП-1',  N'Крылова Надежда Васильевна',   1, 15, 2024),
    (5, N'ЛА-УТ-2',  N'Крылова Надежда Васильевна',   2, 12, 2024),
    (5, N'ЛА-УТ-3',  N'Исаев Михаил Юрьевич',         3, 12, 2024),
    (6, N'ЛА-ССМ-1', N'Исаев Михаил Юрьевич',         1,  8, 2024),
    (7, N'ХОК-НП-1', N'Макаров Денис Евгеньевич',     1, 20, 2024),
    (7, N'ХОК-НП-2', N'Быстров Антон Сергеевич',      2, 20, 2024),
    (8, N'ПЛ-НП-1',  N'Дьячкова Ольга Петровна',      1, 12, 2024),
    (9, N'ПЛ-УТ-1',  N'Дьячкова Ольга Петровна',      1, 10, 2024);
GO

INSERT INTO sport.athlete (group_id, last_name, first_name, birth_date, gender, guardian_citizen_id, enrolled_on, sports_rank, medical_clearance_until) VALUES
    ( 1, N'Иванов',      N'Матвей',    '2016-04-11', 'M',    1, '2023-09-01', NULL,                         '2025-03-01'),
    ( 1, N'Сидоренко',   N'Глеб',      '2016-09-30', 'M',    3, '2023-09-01', NULL,                         '2025-03-01'),
    ( 1, N'Ахметов',     N'Тимур',     '2016-02-14', 'M',   11, '2023-09-01', NULL,                         NULL),
    ( 2, N'Белов',       N'Кирилл',    '2015-06-21', 'M',    9, '2022-09-01', NULL,                         '2025-02-15'),
    ( 2, N'Никитин',     N'Арсений',   '2015-01-05', 'M',    7, '2022-09-01', NULL,                         '2025-02-15'),
    ( 3, N'Ковалёв',     N'Егор',      '2012-11-17', 'M',   15, '2021-09-01', N'II юношеский разряд',       '2024-12-20'),
    ( 3, N'Шевченко',    N'Богдан',    '2012-03-08', 'M',   26, '2021-09-01', N'I юношеский разряд',        '2024-12-20'),
    ( 3, N'Яковлев',     N'Лев',       '2013-07-19', 'M',   23, '2022-09-01', NULL,                         '2024-12-20'),
    ( 4, N'Орлова',      N'Полина',    '2015-10-02', 'F',    6, '2023-09-01', NULL,                         '2025-04-01'),
    ( 4, N'Гарипова',    N'Амина',     '2015-05-27', 'F',   12, '2023-09-01', NULL,                         '2025-04-01'),
    ( 4, N'Тимофеева',   N'Вера',      '2016-01-16', 'F',   10, '2023-09-01', NULL,                         NULL),
    ( 5, N'Соловьёва',   N'Алиса',     '2014-08-03', 'F',   18, '2023-09-01', NULL,                         '2025-01-31'),
    ( 5, N'Ким',         N'Даниил',    '2014-12-24', 'M',   21, '2023-09-01', NULL,                         '2025-01-31'),
    ( 6, N'Степанова',   N'Милана',    '2011-03-12', 'F',   25, '2020-09-01', N'II спортивный разряд',      '2024-11-30'),
    ( 6, N'Петров',      N'Артём',     '2011-06-09', 'M',    2, '2020-09-01', N'III спортивный разряд',     '2024-11-30'),
    ( 7, N'Голубева',    N'Софья',     '2010-02-02', 'F', NULL, '2019-09-01', N'I спортивный разряд',       '2024-10-15'),
    ( 7, N'Лаптев',      N'Фёдор',     '2009-09-29', 'M',   28, '2019-09-01', N'I спортивный разряд',       '2024-10-15'),
    ( 8, N'Чернова',     N'Анастасия', '2006-05-05', 'F', NULL, '2016-09-01', N'кандидат в мастера спорта', '2024-09-30'),
    ( 8, N'Фролов',      N'Никита',    '2005-11-11', 'M', NULL, '2015-09-01', N'мастер спорта России',      '2024-09-30'),
    ( 9, N'Павлов',      N'Иван',      '2016-12-01', 'M',   17, '2023-09-01', NULL,                         '2025-05-20'),
    ( 9, N'Морозов',     N'Святослав', '2017-03-15', 'M',   24, '2023-09-01', NULL,                         '2025-05-20'),
    ( 9, N'Эльдаров',    N'Марат',     '2016-07-07', 'M',   30, '2023-09-01', NULL,                         NULL),
    (10, N'Никитин',     N'Всеволод',  '2015-10-10', 'M',    7, '2022-09-01', NULL,                         '2025-05-20'),
    (10, N'Сидоренко',   N'Платон',    '2015-04-23', 'M',    3, '2022-09-01', NULL,                         '2025-05-20'),
    (11, N'Зайцева',     N'Ева',       '2017-01-30', 'F', NULL, '2024-01-15', NULL,                         '2025-01-15'),
    (11, N'Гарипов',     N'Айдар',     '2016-06-18', 'M',   12, '2024-01-15', NULL,                         '2025-01-15'),
    (11, N'Чернов',      N'Марк',      '2016-09-09', 'M',   29, '2024-01-15', NULL,                         '2025-01-15'),
    (12, N'Степанов',    N'Роман',     '2013-02-20', 'M',   25, '2021-09-01', N'II спортивный разряд',      '2024-12-01'),
    (12, N'Медведева',   N'Ульяна',    '2012-08-14', 'F',   16, '2021-09-01', N'III спортивный разряд',     '2024-12-01'),
    (12, N'Кузьмина',    N'Варвара',   '2013-05-06', 'F', NULL, '2021-09-01', NULL,                         '2024-12-01');
GO

-- four sessions per group in the first two weeks of September 2024 (set-based)
INSERT INTO sport.training_session (group_id, session_date, start_time, duration_minutes, venue, topic, attendance)
SELECT
    g.group_id,
    DATEADD(day, d.day_offset + g.group_id % 2, CAST('2024-09-02' AS date)),
    DATEADD(minute, 90 * (g.group_id % 4), CAST('14:00:00' AS time(0))),
    CASE p.stage_code WHEN 'NP' THEN 90 WHEN 'UT' THEN 120 ELSE 150 END,
    s.short_name + N', ' + CASE p.sport_name
                              WHEN N'Плавание' THEN N'малая чаша бассейна'
                              WHEN N'Хоккей' THEN N'ледовая арена'
                              WHEN N'Футбол' THEN N'футбольное поле'
                              ELSE N'игровой зал' END,
    d.topic,
    CASE WHEN d.day_offset = 9 AND g.group_id % 3 = 0 THEN NULL ELSE g.max_size - (g.group_id + d.day_offset) % 4 END
FROM sport.training_group AS g
JOIN sport.programme AS p ON p.programme_id = g.programme_id
JOIN sport.school AS s ON s.school_id = p.school_id
CROSS JOIN (VALUES
    (0, N'Общая физическая подготовка, тестирование'),
    (2, N'Техническая подготовка'),
    (7, N'Специальная физическая подготовка'),
    (9, N'Контрольные упражнения, игровая практика')
) AS d(day_offset, topic)
ORDER BY g.group_id, d.day_offset;
GO

-- =============================================================================================
-- 14. Sample data: initiative budgeting
-- =============================================================================================
INSERT INTO initiative.project (code, title, description, voting_year, district_id, initiator_citizen_id, cost,
                                citizen_share_pct, status, submitted_at, contract_id) VALUES
    (N'ИБ-2024-01', N'Спортивная площадка в сквере на ул. Победы', N'Ремонт покрытия, установка уличных тренажёров, турников и ограждения площадки.', 2024, 2,    9, 2980000.0000,  5.00, N'implemented', '2024-02-05T14:22:10.500', 12),
    (N'ИБ-2024-02', N'Обустройство сквера на ул. Молодёжной',      N'Пешеходные дорожки, скамейки, освещение и посадка деревьев на месте пустыря.', 2024, 3,    3, 4470000.0000, 10.00, N'selected',    '2024-02-07T09:01:44.000', 13),
    (N'ИБ-2024-03', N'Ремонт тротуара к школе № 15',               N'Устройство тротуара длиной 420 м с пешеходным ограждением.',                       2024, 8,   16, 1850000.0000,  5.00, N'selected',    '2024-02-09T16:45:00.000', NULL),
    (N'ИБ-2024-04', N'Освещение пешеходной дорожки вдоль пруда',   NULL,                                                                               2024, 5,   26,  760000.5000,  3.00, N'rejected',    '2024-02-10T11:30:00.000', NULL),
    (N'ИБ-2024-05', N'Детская площадка во дворе домов № 12–16 по ул. Советской', N'Игровой комплекс для детей 3–12 лет, резиновое покрытие, качели и песочница.', 2024, 1, 2, 2345000.0000, 5.00, N'selected', '2024-02-12T10:15:20.250', NULL),
    (N'ИБ-2024-06', N'Уличные тренажёры в парке Дружбы',           N'Комплекс из восьми уличных тренажёров и воркаут-площадка.',                       2024, 4,   19, 1120000.0000,  5.00, N'rejected',    '2024-02-14T19:05:00.000', NULL),
    (N'ИБ-2024-07', N'Ограждение и освещение хоккейной коробки',   N'Замена бортов хоккейной коробки и установка прожекторов для вечерних игр.',       2024, 3,   23, 1675000.0000,  7.50, N'selected',    '2024-02-15T13:13:13.000', NULL),
    (N'ИБ-2024-08', N'Благоустройство родника «Святой ключ»',      N'Каптаж родника, лестница к воде, навес и информационный стенд.',                  2024, 7,   24,  540000.0000, 15.00, N'rejected',    '2024-02-16T08:30:00.000', NULL),
    (N'ИБ-2025-01', N'Скейт-парк в Северном районе',               N'Бетонный скейт-парк площадью 600 кв. м с рампами и перилами.',                    2025, 3,   19, 3950000.0000,  5.00, N'voting',      '2024-09-20T12:00:00.000', NULL),
    (N'ИБ-2025-02', N'Ремонт крыльца и пандус в библиотеке',       N'Ремонт крыльца, устройство пандуса и поручней для маломобильных граждан.',         2025, 6,   14,  890000.0000,  2.00, N'voting',      '2024-09-23T15:40:00.000', NULL),
    (N'ИБ-2025-03', N'Площадка для выгула собак',                  NULL,                                                                               2025, 1,   20, 1230000.0000,  5.00, N'proposed',    '2024-09-30T10:10:10.000', NULL),
    (N'ИБ-2025-04', N'Спортивная площадка для многодетных семей в мкр. Солнечный', N'Многофункциональная площадка для мини-футбола и баскетбола рядом с участками многодетных семей.', 2025, 7, 12, 2600000.0000, 5.00, N'proposed', '2024-10-01T09:00:00.000', NULL);
GO

-- votes: for each project that went to a vote, exactly `quota` citizens vote for it;
-- (citizen_id * 7 + project_id * 3) % 30 is a permutation of 0..29 over the 30 citizens
INSERT INTO initiative.vote (project_id, citizen_id, voted_at, vote_channel)
SELECT
    p.project_id,
    c.citizen_id,
    DATEADD(minute, c.citizen_id * 17 + p.project_id * 5,
            CASE WHEN p.voting_year = 2024 THEN CAST('2024-03-01T08:00:00' AS datetime2(3))
                 ELSE CAST('2024-10-07T08:00:00' AS datetime2(3)) END),
    CASE (c.citizen_id + p.project_id) % 5 WHEN 0 THEN 'paper' WHEN 1 THEN 'meeting' ELSE 'portal' END
FROM initiative.project AS p
JOIN (VALUES (N'ИБ-2024-01', 14), (N'ИБ-2024-02', 17), (N'ИБ-2024-03', 12), (N'ИБ-2024-04', 5),
             (N'ИБ-2024-05', 11), (N'ИБ-2024-06', 4),  (N'ИБ-2024-07', 9),  (N'ИБ-2024-08', 3),
             (N'ИБ-2025-01', 13), (N'ИБ-2025-02', 7)) AS q(code, quota)
  ON q.code = p.code
CROSS JOIN dbo.citizen AS c
WHERE (c.citizen_id * 7 + p.project_id * 3) % 30 < q.quota
ORDER BY p.project_id, c.citizen_id;
GO

-- =============================================================================================
-- 15. Document management (docs): incoming and outgoing documents with registration numbers,
--     resolutions and the control of their execution, attachments (a few of them large scans,
--     generated here), and full-text search where the server has it
-- =============================================================================================
CREATE SCHEMA docs;
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Документооборот: входящие и исходящие документы, резолюции, контроль исполнения, вложения',
    @level0type = N'SCHEMA', @level0name = N'docs';
GO

CREATE TABLE docs.document_kind (
    kind_id tinyint NOT NULL CONSTRAINT PK_document_kind PRIMARY KEY,
    code    varchar(20) NOT NULL CONSTRAINT UQ_document_kind_code UNIQUE,
    name    nvarchar(200) NOT NULL
);
GO

CREATE TABLE docs.incoming_document (
    incoming_id   int IDENTITY(1,1) NOT NULL CONSTRAINT PK_incoming_document PRIMARY KEY,
    reg_number    nvarchar(20) NOT NULL,
    registered_on date NOT NULL,
    kind_id       tinyint NOT NULL,
    sender        nvarchar(300) NOT NULL,
    sender_number nvarchar(50) NULL,
    sender_date   date NULL,
    citizen_id    int NULL,
    subject       nvarchar(500) NOT NULL,
    summary       nvarchar(max) NULL,
    pages         smallint NULL CONSTRAINT CK_incoming_pages CHECK (pages > 0),
    CONSTRAINT UQ_incoming_reg_number UNIQUE (reg_number),
    CONSTRAINT FK_incoming_kind FOREIGN KEY (kind_id) REFERENCES docs.document_kind (kind_id),
    CONSTRAINT FK_incoming_citizen FOREIGN KEY (citizen_id) REFERENCES dbo.citizen (citizen_id)
);
GO

CREATE TABLE docs.outgoing_document (
    outgoing_id   int IDENTITY(1,1) NOT NULL CONSTRAINT PK_outgoing_document PRIMARY KEY,
    reg_number    nvarchar(20) NOT NULL,
    registered_on date NOT NULL,
    kind_id       tinyint NOT NULL,
    addressee     nvarchar(300) NOT NULL,
    subject       nvarchar(500) NOT NULL,
    body          nvarchar(max) NOT NULL,
    signed_by     nvarchar(200) NOT NULL,
    reply_to_id   int NULL,
    sent_on       date NULL,
    CONSTRAINT UQ_outgoing_reg_number UNIQUE (reg_number),
    CONSTRAINT FK_outgoing_kind FOREIGN KEY (kind_id) REFERENCES docs.document_kind (kind_id),
    CONSTRAINT FK_outgoing_reply_to FOREIGN KEY (reply_to_id) REFERENCES docs.incoming_document (incoming_id),
    CONSTRAINT CK_outgoing_sent_on CHECK (sent_on >= registered_on)
);
GO

CREATE NONCLUSTERED INDEX IX_outgoing_reply_to ON docs.outgoing_document (reply_to_id);
GO

CREATE TABLE docs.resolution (
    resolution_id int IDENTITY(1,1) NOT NULL CONSTRAINT PK_resolution PRIMARY KEY,
    incoming_id   int NOT NULL,
    author        nvarchar(200) NOT NULL,
    executor_id   int NOT NULL,
    instruction   nvarchar(1000) NOT NULL,
    issued_on     date NOT NULL,
    due_on        date NULL,
    CONSTRAINT FK_resolution_incoming FOREIGN KEY (incoming_id) REFERENCES docs.incoming_document (incoming_id) ON DELETE CASCADE,
    CONSTRAINT FK_resolution_executor FOREIGN KEY (executor_id) REFERENCES appeals.executor (executor_id),
    CONSTRAINT CK_resolution_due_on CHECK (due_on >= issued_on)
);
GO

CREATE TABLE docs.execution_control (
    control_id    int IDENTITY(1,1) NOT NULL CONSTRAINT PK_execution_control PRIMARY KEY,
    resolution_id int NOT NULL CONSTRAINT UQ_execution_control_resolution UNIQUE,
    status        varchar(20) NOT NULL CONSTRAINT DF_execution_control_status DEFAULT 'on_control',
    due_on        date NOT NULL,
    extended_to   date NULL,
    done_on       date NULL,
    outgoing_id   int NULL,
    note          nvarchar(500) NULL,
    CONSTRAINT FK_execution_control_resolution FOREIGN KEY (resolution_id) REFERENCES docs.resolution (resolution_id) ON DELETE CASCADE,
    CONSTRAINT FK_execution_control_outgoing FOREIGN KEY (outgoing_id) REFERENCES docs.outgoing_document (outgoing_id),
    CONSTRAINT CK_execution_control_status CHECK (status IN ('on_control', 'extended', 'done', 'removed')),
    CONSTRAINT CK_execution_control_done CHECK (status <> 'done' OR done_on IS NOT NULL)
);
GO

CREATE TABLE docs.attachment (
    attachment_id int IDENTITY(1,1) NOT NULL CONSTRAINT PK_attachment PRIMARY KEY,
    incoming_id   int NULL,
    outgoing_id   int NULL,
    file_name     nvarchar(260) NOT NULL,
    content_type  varchar(100) NOT NULL,
    content       varbinary(max) NOT NULL,
    uploaded_at   datetime2(0) NOT NULL,
    CONSTRAINT FK_attachment_incoming FOREIGN KEY (incoming_id) REFERENCES docs.incoming_document (incoming_id) ON DELETE CASCADE,
    CONSTRAINT FK_attachment_outgoing FOREIGN KEY (outgoing_id) REFERENCES docs.outgoing_document (outgoing_id),
    CONSTRAINT CK_attachment_owner CHECK ((incoming_id IS NOT NULL AND outgoing_id IS NULL) OR (incoming_id IS NULL AND outgoing_id IS NOT NULL))
);
GO

CREATE NONCLUSTERED INDEX IX_attachment_incoming ON docs.attachment (incoming_id);
GO

EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Входящие документы; регистрационный номер ВХ-год/номер',
    @level0type = N'SCHEMA', @level0name = N'docs', @level1type = N'TABLE', @level1name = N'incoming_document';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Исходящие документы; регистрационный номер ИСХ-год/номер',
    @level0type = N'SCHEMA', @level0name = N'docs', @level1type = N'TABLE', @level1name = N'outgoing_document';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Резолюции руководителей по входящим документам',
    @level0type = N'SCHEMA', @level0name = N'docs', @level1type = N'TABLE', @level1name = N'resolution';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Контроль исполнения резолюций: срок, продление, исполнение, ответный документ',
    @level0type = N'SCHEMA', @level0name = N'docs', @level1type = N'TABLE', @level1name = N'execution_control';
EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Вложения: сканы и файлы документов',
    @level0type = N'SCHEMA', @level0name = N'docs', @level1type = N'TABLE', @level1name = N'attachment';
GO

INSERT INTO docs.document_kind (kind_id, code, name) VALUES
    (1, 'LETTER',     N'Письмо'),
    (2, 'REQUEST',    N'Запрос'),
    (3, 'RESOLUTION', N'Постановление'),
    (4, 'ORDER',      N'Распоряжение'),
    (5, 'APPEAL',     N'Обращение гражданина');
GO

-- 40 incoming documents: document n takes sender k = n % 8 and subject s = n % 10 from the lists.
WITH n AS (
    SELECT TOP (40) CAST(ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS int) AS n
    FROM sys.all_columns
)
INSERT INTO docs.incoming_document (reg_number, registered_on, kind_id, sender, sender_number, sender_date, citizen_id,
                                    subject, summary, pages)
SELECT
    CONCAT(N'ВХ-2025/', RIGHT(CONCAT('0000', n.n), 5)),
    DATEADD(day, n.n * 3, CAST('2025-01-09' AS date)),
    CASE WHEN n.n % 8 = 7 THEN 5 WHEN n.n % 5 = 0 THEN 2 ELSE 1 END,
    CASE WHEN n.n % 8 = 7 THEN CONCAT(c.last_name, N' ', c.first_name) ELSE s.sender END,
    CASE WHEN n.n % 8 = 7 THEN NULL ELSE CONCAT(s.prefix, N'-', n.n * 13 % 997) END,
    CASE WHEN n.n % 8 = 7 THEN NULL ELSE DATEADD(day, n.n * 3 - 2, CAST('2025-01-09' AS date)) END,
    CASE WHEN n.n % 8 = 7 THEN c.citizen_id END,
    t.subject,
    CASE WHEN n.n % 9 = 4 THEN NULL ELSE CONCAT(t.summary, N' Документ № ', n.n, N'.') END,
    CASE WHEN n.n % 6 = 0 THEN NULL ELSE CAST(1 + n.n % 12 AS smallint) END
FROM n
JOIN (VALUES
    (0, N'Контрольно-счётная палата города', N'КСП'),
    (1, N'Департамент финансов области', N'ДФ'),
    (2, N'Прокуратура города Приреченска', N'ПР'),
    (3, N'ООО «Теплосеть Приреченск»', N'ТС'),
    (4, N'Управляющая компания «Северная»', N'УК'),
    (5, N'Городская дума Приреченска', N'ГД'),
    (6, N'МБУ «Городское благоустройство»', N'ГБ'),
    (7, N'', N'')
) AS s(k, sender, prefix) ON s.k = n.n % 8
JOIN (VALUES
    (0, N'О проекте бюджета города на 2026 год', N'Направляется проект решения о бюджете города на 2026 год и плановый период для заключения.'),
    (1, N'О ремонте кровли дома по ул. Ленина, д. 10', N'Просим включить ремонт кровли в план капитального ремонта; прилагается акт осмотра.'),
    (2, N'Об исполнении бюджета за первый квартал', N'Сведения об исполнении бюджета города по расходам на благоустройство и дорожное хозяйство.'),
    (3, N'О подготовке к отопительному сезону', N'Информация о готовности котельных и тепловых сетей к отопительному периоду.'),
    (4, N'О нарушениях при содержании дворовых территорий', N'По результатам проверки выявлены нарушения при уборке дворов и вывозе отходов.'),
    (5, N'Запрос о расходах на муниципальные закупки', N'Просим представить сведения о контрактах, заключённых за счёт средств бюджета.'),
    (6, N'О благоустройстве сквера на ул. Молодёжной', N'Предлагается включить работы по благоустройству сквера в муниципальную программу.'),
    (7, N'Жалоба на отсутствие освещения во дворе', N'Во дворе не работает уличное освещение, прошу провести ремонт светильников.'),
    (8, N'О внесении изменений в решение о бюджете', N'Проект решения о внесении изменений в бюджет в части расходов на спортивные школы.'),
    (9, N'О переносе сроков ремонта дороги', N'Подрядчик просит перенести срок окончания ремонта дороги по ул. Победы.')
) AS t(s, subject, summary) ON t.s = n.n % 10
JOIN dbo.citizen AS c ON c.citizen_id = 1 + n.n % 30
ORDER BY n.n;
GO

-- Resolutions on three documents out of four, with a due date on most of them.
INSERT INTO docs.resolution (incoming_id, author, executor_id, instruction, issued_on, due_on)
SELECT d.incoming_id,
       CASE WHEN d.incoming_id % 3 = 0 THEN N'Глава города Соколов А. В.' ELSE N'Заместитель главы Климова Н. С.' END,
       1 + d.incoming_id % 9,
       CASE d.incoming_id % 4 WHEN 1 THEN N'Подготовить ответ в установленный срок.'
                              WHEN 2 THEN N'Рассмотреть, доложить о результатах.'
                              ELSE N'Для сведения и использования в работе.' END,
       DATEADD(day, 1, d.registered_on),
       CASE WHEN d.incoming_id % 4 = 3 THEN NULL ELSE DATEADD(day, 15 + d.incoming_id % 15, d.registered_on) END
FROM docs.incoming_document AS d
WHERE d.incoming_id % 4 <> 0
ORDER BY d.incoming_id;
GO

-- Outgoing replies to most documents under control, and a few letters of the administration's own.
INSERT INTO docs.outgoing_document (reg_number, registered_on, kind_id, addressee, subject, body, signed_by, reply_to_id, sent_on)
SELECT CONCAT(N'ИСХ-2025/', RIGHT(CONCAT('0000', ROW_NUMBER() OVER (ORDER BY r.incoming_id)), 5)),
       DATEADD(day, 10 + r.incoming_id % 7, d.registered_on),
       1,
       d.sender,
       CONCAT(N'Ответ на ', d.reg_number, N': ', d.subject),
       CASE WHEN r.incoming_id % 5 = 2 THEN CONCAT(N'Сообщаем об отказе в переносе сроков: ремонт должен быть завершён по графику. ', d.subject)
            WHEN d.subject LIKE N'%ремонт%' THEN CONCAT(N'Ремонт включён в план работ на текущий год. ', d.subject)
            ELSE CONCAT(N'Ваше обращение рассмотрено, информация учтена при исполнении бюджета города. ', d.subject) END,
       r.author,
       r.incoming_id,
       CASE WHEN r.incoming_id % 6 = 5 THEN NULL ELSE DATEADD(day, 11 + r.incoming_id % 7, d.registered_on) END
FROM docs.resolution AS r
JOIN docs.incoming_document AS d ON d.incoming_id = r.incoming_id
WHERE r.due_on IS NOT NULL AND r.incoming_id % 7 <> 3 AND r.incoming_id % 5 <> 1
ORDER BY r.incoming_id;

INSERT INTO docs.outgoing_document (reg_number, registered_on, kind_id, addressee, subject, body, signed_by, reply_to_id, sent_on) VALUES
    (N'ИСХ-2025/00900', '2025-03-03', 4, N'Руководителям структурных подразделений', N'О подготовке проекта бюджета на 2026 год',
     N'Поручаю представить предложения к проекту бюджета города на 2026 год до 1 апреля.', N'Глава города Соколов А. В.', NULL, '2025-03-03'),
    (N'ИСХ-2025/00901', '2025-04-14', 1, N'Департамент финансов области', N'О ремонте дорог в рамках национального проекта',
     N'Направляем перечень дорог для ремонта в 2026 году с обоснованием потребности в средствах.', N'Заместитель главы Климова Н. С.', NULL, NULL);
GO

-- Control of execution for every resolution with a due date: done when the reply was sent,
-- extended (no reply yet, a new date), removed by the head, or still on control.
INSERT INTO docs.execution_control (resolution_id, status, due_on, extended_to, done_on, outgoing_id, note)
SELECT c.resolution_id, c.status, c.due_on,
       CASE WHEN c.status = 'extended' THEN DATEADD(day, 14, c.due_on) END,
       CASE WHEN c.status = 'done' THEN c.sent_on END,
       c.outgoing_id,
       CASE WHEN c.status = 'removed' THEN N'Снято с контроля решением главы' END
FROM (
    SELECT r.resolution_id, r.due_on, o.outgoing_id, o.sent_on,
           CASE WHEN r.incoming_id % 11 = 0 THEN 'removed'
                WHEN o.sent_on IS NOT NULL THEN 'done'
                WHEN r.incoming_id % 5 = 1 THEN 'extended'
                ELSE 'on_control' END AS status
    FROM docs.resolution AS r
    LEFT JOIN docs.outgoing_document AS o ON o.reply_to_id = r.incoming_id
    WHERE r.due_on IS NOT NULL
) AS c
ORDER BY c.resolution_id;
GO

-- Attachments: a small file for most incoming documents and every outgoing one, and three large
-- scans (1.5, 3 and 10 MB): values over the copy's 1 MB inline limit, read in pieces. The bytes are
-- ASCII text, so SQL Server and Babelfish store the same values.
INSERT INTO docs.attachment (incoming_id, outgoing_id, file_name, content_type, content, uploaded_at)
SELECT d.incoming_id, NULL, CONCAT('vh-2025-', RIGHT(CONCAT('0000', d.incoming_id), 5), '.pdf'), 'application/pdf',
       CAST(CONCAT(CAST('%PDF-1.4 incoming ' AS varchar(max)), REPLICATE(CAST('page ' AS varchar(max)), 50 * COALESCE(d.pages, 1)), d.incoming_id) AS varbinary(max)),
       DATEADD(minute, d.incoming_id * 7, CAST(d.registered_on AS datetime2(0)))
FROM docs.incoming_document AS d
WHERE d.incoming_id % 5 <> 0
ORDER BY d.incoming_id;

INSERT INTO docs.attachment (incoming_id, outgoing_id, file_name, content_type, content, uploaded_at)
SELECT NULL, o.outgoing_id, CONCAT('ish-2025-', o.outgoing_id, '.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
       CAST(CONCAT(CAST('PK docx outgoing ' AS varchar(max)), o.outgoing_id) AS varbinary(max)),
       CAST(o.registered_on AS datetime2(0))
FROM docs.outgoing_document AS o
ORDER BY o.outgoing_id;

INSERT INTO docs.attachment (incoming_id, outgoing_id, file_name, content_type, content, uploaded_at) VALUES
    (1,  NULL, 'vh-2025-00001-scan.pdf', 'application/pdf',
     CAST(CONCAT(CAST('%PDF-1.4 scan ' AS varchar(max)), REPLICATE(CAST('0123456789abcdef' AS varchar(max)), 98304)) AS varbinary(max)), '2025-01-12T10:00:00'),
    (10, NULL, 'vh-2025-00010-scan.pdf', 'application/pdf',
     CAST(CONCAT(CAST('%PDF-1.4 scan ' AS varchar(max)), REPLICATE(CAST('fedcba9876543210' AS varchar(max)), 196608)) AS varbinary(max)), '2025-02-08T11:30:00'),
    (20, NULL, 'vh-2025-00020-plan.pdf', 'application/pdf',
     CAST(CONCAT(CAST('%PDF-1.4 plan ' AS varchar(max)), REPLICATE(CAST('Budget 2026 plan, page of the scan. ' AS varchar(max)), 291271)) AS varbinary(max)), '2025-03-11T09:15:00');
GO

-- Full-text search over the documents, where the server has it (SQL Server with the Full-Text
-- Search feature). Babelfish and SQL Server without the feature skip it: the DDL is in EXEC so that
-- they parse the batch, and the views that search exist only with the index.
IF FULLTEXTSERVICEPROPERTY('IsFullTextInstalled') = 1
BEGIN
    EXEC (N'CREATE FULLTEXT CATALOG docs_catalog WITH ACCENT_SENSITIVITY = ON');
    EXEC (N'CREATE FULLTEXT INDEX ON docs.incoming_document (subject LANGUAGE 1049, summary LANGUAGE 1049)
    KEY INDEX PK_incoming_document ON docs_catalog WITH CHANGE_TRACKING AUTO');
    EXEC (N'CREATE FULLTEXT INDEX ON docs.outgoing_document (subject LANGUAGE 1049, body LANGUAGE 1049)
    KEY INDEX PK_outgoing_document ON docs_catalog WITH CHANGE_TRACKING AUTO');
    EXEC (N'CREATE VIEW docs.v_budget_documents AS
SELECT d.incoming_id, d.reg_number, d.registered_on, d.subject, ft.[RANK] AS relevance
FROM docs.incoming_document AS d
JOIN CONTAINSTABLE(docs.incoming_document, (subject, summary), N''бюджет'') AS ft ON ft.[KEY] = d.incoming_id');
    EXEC (N'CREATE VIEW docs.v_repair_replies AS
SELECT o.outgoing_id, o.reg_number, o.subject
FROM docs.outgoing_document AS o
WHERE CONTAINS(o.body, N''"ремонт*" AND NOT "отказ*"'')');
END
GO
