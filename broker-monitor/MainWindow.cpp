#include "MainWindow.h"

#include "AccountsPane.h"
#include "AuditPane.h"
#include "ConnectionDialog.h"
#include "ConnectionStore.h"
#include "DisplayText.h"
#include "InstitutionPanel.h"
#include "MonitorRoles.h"
#include "MonitorSession.h"
#include "ReplicasPane.h"
#include "StatsPanel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

namespace {

QSortFilterProxyModel *makeProxy(QAbstractItemModel *source, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(SortRole);
    proxy->setFilterKeyColumn(-1); // any column
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    return proxy;
}

QLineEdit *makeFilter(const QString &placeholder, QSortFilterProxyModel *proxy, QWidget *parent)
{
    auto *filter = new QLineEdit(parent);
    filter->setPlaceholderText(placeholder);
    filter->setClearButtonEnabled(true);
    QObject::connect(filter, &QLineEdit::textChanged, proxy,
                     &QSortFilterProxyModel::setFilterFixedString);
    return filter;
}

} // namespace

MainWindow::MainWindow(MonitorSession &session, ConnectionStore *store, QWidget *parent)
    : QMainWindow(parent), m_session(session), m_store(store),
      m_confirm([this](const QString &title, const QString &question) {
          return QMessageBox::question(this, title, question) == QMessageBox::Yes;
      }),
      m_usersProxy(makeProxy(&session.users(), this)),
      m_sharesProxy(makeProxy(&session.shares(), this)), m_stateLabel(new QLabel(this)),
      m_latencyLabel(new QLabel(this))
{
    setWindowTitle(u"DDALAB broker monitor"_s);

    m_stats = new StatsPanel(this);
    auto *tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(makeUsersPane());
    tables->addWidget(makeSharesPane());
    tables->setSizes({680, 820});
    auto *main = new QSplitter(Qt::Vertical, this);
    main->addWidget(m_stats);
    main->addWidget(tables);
    main->addWidget(makeEventsPane());
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 3);
    main->setStretchFactor(2, 2);
    m_accountsPane = new AccountsPane(session.accountAdmin(), this);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(main, u"Live"_s);
    tabs->addTab(m_accountsPane, u"Accounts and sessions"_s);
    m_auditPane = new AuditPane(session.audit(), this);
    tabs->addTab(m_auditPane, u"Audit trail"_s);
    m_institution = new InstitutionPanel(this);
    tabs->addTab(m_institution, u"Institution"_s);
    m_replicasPane = new ReplicasPane(session.replicas(), this);
    tabs->addTab(m_replicasPane, u"Replicas"_s);
    if (m_session.institution())
        m_institution->setSettings(*m_session.institution());
    connect(&m_session, &MonitorSession::institutionChanged, m_institution,
            &InstitutionPanel::setSettings);
    setCentralWidget(tabs);

    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_latencyLabel);
    makeMenus();

    connect(&m_session, &MonitorSession::phaseChanged, this,
            [this](MonitorSession::Phase phase) { setLive(phase == MonitorSession::Phase::Live); });
    connect(&m_session, &MonitorSession::statusChanged, this, &MainWindow::refreshStatus);
    connect(&m_session, &MonitorSession::latencyChanged, this, &MainWindow::refreshStatus);
    connect(&m_session, &MonitorSession::statsReceived, m_stats, &StatsPanel::addReport);
    const auto showOutcome = [this](bool succeeded, const QString &message) {
        statusBar()->showMessage(succeeded ? u"Done: "_s + message : message, 8000);
    };
    connect(&m_session, &MonitorSession::actionFinished, this, showOutcome);
    connect(&m_session.accountAdmin(), &AccountAdmin::actionFinished, this, showOutcome);
    for (QAbstractItemModel *model : {static_cast<QAbstractItemModel *>(m_usersProxy),
                                      static_cast<QAbstractItemModel *>(m_sharesProxy)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &MainWindow::refreshCounts);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::refreshCounts);
        connect(model, &QAbstractItemModel::modelReset, this, &MainWindow::refreshCounts);
    }
    // The status counts down to the next reconnection and says how old the data is; the
    // replicas' "last seen" moves on.
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    connect(&m_statusTimer, &QTimer::timeout, &m_session.replicas(), [this] {
        if (m_session.isLive())
            m_session.replicas().tick();
    });
    m_statusTimer.start();

    setLive(m_session.isLive());
    refreshStatus();
    refreshCounts();
    resize(1500, 920);
}

void MainWindow::setConfirm(Confirm confirm)
{
    m_confirm = confirm;
    m_accountsPane->setConfirm(std::move(confirm));
}

QWidget *MainWindow::makeUsersPane()
{
    m_usersBox = new QGroupBox(this);
    auto *layout = new QVBoxLayout(m_usersBox);
    m_usersFilter = makeFilter(u"Filter users and endpoints"_s, m_usersProxy, m_usersBox);
    m_usersView = makeTable(m_usersProxy);
    m_usersView->sortByColumn(OnlineUsersModel::User, Qt::AscendingOrder);
    layout->addWidget(m_usersFilter);
    layout->addWidget(m_usersView);
    return m_usersBox;
}

QWidget *MainWindow::makeSharesPane()
{
    m_sharesBox = new QGroupBox(this);
    auto *layout = new QVBoxLayout(m_sharesBox);
    m_sharesFilter =
        makeFilter(u"Filter shares by token, owner, title, policy"_s, m_sharesProxy, m_sharesBox);
    m_sharesView = makeTable(m_sharesProxy);
    m_sharesView->sortByColumn(SharesModel::Created, Qt::DescendingOrder);
    // Tokens and policies can be long: fixed widths, elided, full text in the copied link and
    // the filter; the title takes what is left.
    QHeaderView *header = m_sharesView->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(SharesModel::Title, QHeaderView::Stretch);
    for (int column : {int(SharesModel::Token), int(SharesModel::Policy)}) {
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        m_sharesView->setColumnWidth(column, m_sharesView->fontMetrics().averageCharWidth() * 14);
    }
    layout->addWidget(m_sharesFilter);
    layout->addWidget(m_sharesView);
    return m_sharesBox;
}

QWidget *MainWindow::makeEventsPane()
{
    auto *box = new QGroupBox(u"Events"_s, this);
    auto *layout = new QVBoxLayout(box);
    m_eventsView = new QTableView(box);
    m_eventsView->setModel(&m_session.log());
    m_eventsView->verticalHeader()->hide();
    m_eventsView->verticalHeader()->setDefaultSectionSize(m_eventsView->fontMetrics().height() + 6);
    m_eventsView->horizontalHeader()->setStretchLastSection(true);
    m_eventsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventsView->setColumnWidth(EventLogModel::Time, 90);
    m_eventsView->setColumnWidth(EventLogModel::Kind, 90);
    layout->addWidget(m_eventsView);
    return box;
}

QTableView *MainWindow::makeTable(QSortFilterProxyModel *proxy)
{
    auto *view = new QTableView(this);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this,
            [this, view](const QPoint &position) { showContextMenu(view, position); });
    return view;
}

void MainWindow::makeMenus()
{
    QMenu *broker = menuBar()->addMenu(u"&Broker"_s);
    broker->addAction(u"&Connect to…"_s, QKeySequence::Open, this,
                      [this] { showConnectionDialog(); });
    broker->addAction(u"&Reconnect now"_s, QKeySequence::Refresh, this, [this] {
        if (m_session.connection().url.isValid())
            connectTo(m_session.connection());
    });
    if (m_store) {
        broker->addAction(u"&Forget the saved connection"_s, this, [this] {
            m_store->forget();
            statusBar()->showMessage(u"The saved connection and token are forgotten."_s, 5000);
        });
    }
    broker->addSeparator();
    broker->addAction(u"&Quit"_s, QKeySequence::Quit, qApp, &QApplication::quit);
}

QList<QAction *> MainWindow::userActions(const QModelIndex &index, QObject *parent)
{
    const QString userId = index.siblingAtColumn(0).data(KeyRole).toString();
    if (userId.isEmpty())
        return {};
    auto *disconnect = new QAction(u"Disconnect %1…"_s.arg(userId), parent);
    connect(disconnect, &QAction::triggered, this, [this, userId] {
        if (m_confirm(u"Disconnect user"_s,
                      u"End every connection of %1? Its desktops go offline now (they may "
                      "reconnect on their own)."_s.arg(userId)))
            m_session.disconnectUser(userId);
    });
    return {disconnect};
}

QList<QAction *> MainWindow::shareActions(const QModelIndex &index, QObject *parent)
{
    const QString token = index.siblingAtColumn(0).data(KeyRole).toString();
    const int row = m_session.shares().rowOf(token);
    if (row < 0)
        return {};
    const ShareRecord &share = m_session.shares().shareAt(row);
    const QString title = share.metadata.title;
    const QString link = display_text::shareLink(token);

    auto *copy = new QAction(u"Copy link"_s, parent);
    connect(copy, &QAction::triggered, this, [this, link, title] {
        // The link is the key to the share: confirm before putting it where others may paste.
        if (!m_confirm(u"Copy share link"_s,
                       u"Copy the link to “%1” to the clipboard? Whoever has it can open the "
                       "share if its policy admits them."_s.arg(title)))
            return;
        QGuiApplication::clipboard()->setText(link);
        statusBar()->showMessage(u"Copied the link to “%1”."_s.arg(title), 5000);
    });
    auto *revoke = new QAction(u"Revoke share…"_s, parent);
    revoke->setEnabled(!share.isRevoked());
    connect(revoke, &QAction::triggered, this, [this, token, title, share] {
        if (m_confirm(u"Revoke share"_s,
                      u"Revoke “%1” of %2 for everybody? This cannot be undone."_s.arg(
                          title, share.metadata.ownerUserId)))
            m_session.revokeShare(token);
    });
    return {copy, revoke};
}

void MainWindow::showContextMenu(QTableView *view, const QPoint &position)
{
    const QModelIndex index = view->indexAt(position);
    if (!index.isValid() || !m_session.isLive())
        return;
    QMenu menu(this);
    menu.addActions(view == m_usersView ? userActions(index, &menu) : shareActions(index, &menu));
    if (!menu.isEmpty())
        menu.exec(view->viewport()->mapToGlobal(position));
}

void MainWindow::showConnectionDialog(const std::optional<ConnectionSettings> &prefill)
{
    const bool remembered = m_store != nullptr;
    ConnectionDialog dialog(
        prefill.value_or(m_session.connection()), remembered,
        m_store ? m_store->tokenPlaceText() : u"Nothing is remembered in this mode."_s, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionSettings connection = dialog.settings();
    if (m_store && dialog.remember()) {
        m_store->save(connection, [this](ConnectionStore::TokenPlace) {
            statusBar()->showMessage(m_store->tokenPlaceText(), 8000);
        });
    } else if (m_store) {
        m_store->forget();
    }
    QString error;
    if (!connectTo(connection, &error))
        QMessageBox::warning(this, u"Cannot connect"_s, error);
}

bool MainWindow::connectTo(const ConnectionSettings &connection, QString *error)
{
    m_stats->clear();
    if (!m_session.start(connection, error))
        return false;
    setWindowTitle(
        u"DDALAB broker monitor — %1"_s.arg(ConnectionSettings::address(connection.url)));
    return true;
}

void MainWindow::setLive(bool live)
{
    // Data that is not live must not look live: grey it out until the next snapshot.
    for (QWidget *widget :
         {static_cast<QWidget *>(m_usersView), static_cast<QWidget *>(m_sharesView),
          static_cast<QWidget *>(m_stats), static_cast<QWidget *>(m_accountsPane),
          static_cast<QWidget *>(m_replicasPane)})
        widget->setEnabled(live);
    if (live)
        m_stats->clear(); // a fresh snapshot: the history of before the loss no longer holds
    refreshStatus();
}

QString MainWindow::statusText() const
{
    return m_session.statusText();
}

void MainWindow::refreshStatus()
{
    static const QHash<MonitorSession::Phase, QString> kColours{
        {MonitorSession::Phase::Live, u"#2e7d32"_s},
        {MonitorSession::Phase::Connecting, u"#f9a825"_s},
        {MonitorSession::Phase::Subscribing, u"#f9a825"_s},
        {MonitorSession::Phase::Lost, u"#c62828"_s},
        {MonitorSession::Phase::Refused, u"#c62828"_s},
        {MonitorSession::Phase::Idle, u"#757575"_s}};
    m_stateLabel->setText(u"<span style=\"color:%1\">●</span> %2"_s.arg(
        kColours.value(m_session.phase()), m_session.statusText().toHtmlEscaped()));
    const auto latency = m_session.client().latency();
    m_latencyLabel->setText(latency && m_session.isLive() ? u"latency %1 ms"_s.arg(latency->count())
                                                          : QString());
}

void MainWindow::refreshCounts()
{
    m_usersBox->setTitle(u"Online users (%1)"_s.arg(m_session.users().rowCount()));
    const SharesModel &shares = m_session.shares();
    m_sharesBox->setTitle(u"Shares (%1 loaded%2)"_s.arg(shares.rowCount())
                              .arg(shares.hasMorePages() ? u", more below"_s : QString()));
}

} // namespace ddalab::monitor
