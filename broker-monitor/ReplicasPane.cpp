#include "ReplicasPane.h"

#include "MonitorRoles.h"
#include "ReplicasModel.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

ReplicasPane::ReplicasPane(ReplicasModel &model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)),
      m_box(new QGroupBox(this)), m_view(new QTableView(m_box)), m_notice(new QLabel(m_box))
{
    m_proxy->setSourceModel(&m_model);
    m_proxy->setSortRole(SortRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->sortByColumn(ReplicasModel::State, Qt::AscendingOrder);
    m_notice->setObjectName(u"replicasNotice"_s);
    m_notice->setWordWrap(true);

    auto *boxLayout = new QVBoxLayout(m_box);
    boxLayout->addWidget(m_notice);
    boxLayout->addWidget(m_view, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_box);

    connect(&m_model, &ReplicasModel::replicasChanged, this, &ReplicasPane::refresh);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &ReplicasPane::refresh);
    refresh();
}

QString ReplicasPane::title() const
{
    return m_box->title();
}

QString ReplicasPane::notice() const
{
    return m_model.rowCount() == 0 ? m_notice->text() : QString();
}

void ReplicasPane::refresh()
{
    const int total = m_model.rowCount();
    const int live = m_model.liveCount();
    m_box->setTitle(total == live ? u"Replicas (%1 live)"_s.arg(live)
                                  : u"Replicas (%1 live, %2 dead)"_s.arg(live).arg(total - live));
    // A broker on SQLite is one daemon with no lease rows; say so rather than show nothing.
    m_notice->setText(u"This broker lists no replicas: it runs as a single daemon (SQLite), or "
                      "is older than replicas."_s);
    m_notice->setHidden(total > 0);
}

} // namespace ddalab::monitor
