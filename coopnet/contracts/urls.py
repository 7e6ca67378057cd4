"""URLs of the contracts app: organization pages live under /o/<slug>/contracts/."""

from django.urls import path

from . import views

app_name = "contracts"

P = "o/<slug:org_slug>/contracts/"

urlpatterns = [
    path(P, views.tender_list, name="tenders"),
    path(f"{P}tenders/new/", views.tender_create, name="tender_create"),
    path(f"{P}tenders/<int:pk>/", views.tender_detail, name="tender"),
    path(f"{P}tenders/<int:pk>/lots/new/", views.lot_create, name="lot_create"),
    path(f"{P}tenders/<int:pk>/documents/new/", views.document_add, name="document_add"),
    path(f"{P}tenders/<int:pk>/bids/new/", views.bid_create, name="bid_create"),
    path(f"{P}documents/<int:pk>/", views.document_download, name="document"),
    path(f"{P}bids/<int:pk>/", views.bid_detail, name="bid"),
    path(f"{P}bids/<int:pk>/checklist/", views.checklist_add, name="checklist_add"),
    path(
        f"{P}bids/<int:pk>/checklist/<int:item_pk>/toggle/",
        views.checklist_toggle,
        name="checklist_toggle",
    ),
    path(f"{P}bids/<int:pk>/outcome/", views.bid_outcome, name="bid_outcome"),
    path(f"{P}bids/<int:pk>/contract/", views.contract_create, name="contract_create"),
    path(f"{P}contracts/", views.contract_list, name="contracts"),
    path(f"{P}contracts/<int:pk>/", views.contract_detail, name="contract"),
    path(f"{P}contracts/<int:pk>/plans/link/", views.plan_link, name="plan_link"),
    path(
        f"{P}contracts/<int:pk>/plans/<int:link_pk>/unlink/",
        views.plan_unlink,
        name="plan_unlink",
    ),
    path(f"{P}contracts/<int:pk>/prices/", views.price_save, name="price_save"),
    path(f"{P}contracts/<int:pk>/hours/", views.worked_hours, name="worked_hours"),
    path(f"{P}contracts/<int:pk>/statements/new/", views.statement_create, name="statement_create"),
    path(f"{P}statements/<int:pk>/", views.statement_detail, name="statement"),
    path(f"{P}statements/<int:pk>/approve/", views.statement_approve, name="statement_approve"),
    path(f"{P}statements/<int:pk>/invoice/", views.statement_invoice, name="statement_invoice"),
    path(f"{P}statements/<int:pk>/pdf/", views.statement_pdf_download, name="statement_pdf"),
    path(f"{P}statements/<int:pk>/xlsx/", views.statement_xlsx, name="statement_xlsx"),
    path(f"{P}network/", views.network_bids, name="network"),
    path(f"{P}invoices/", views.invoice_list, name="invoices"),
    path(f"{P}invoices/new/", views.invoice_create, name="invoice_create"),
    path(f"{P}invoices/export/", views.invoice_export, name="invoice_export"),
    path(f"{P}invoices/receipts/", views.receipt_upload, name="receipt_upload"),
    path(f"{P}invoices/billing/", views.billing_edit, name="billing"),
    path(f"{P}invoices/<int:pk>/", views.invoice_detail, name="invoice"),
    path(f"{P}invoices/<int:pk>/edit/", views.invoice_edit, name="invoice_edit"),
    path(f"{P}invoices/<int:pk>/issue/", views.invoice_issue, name="invoice_issue"),
    path(f"{P}invoices/<int:pk>/credit/", views.invoice_credit, name="invoice_credit"),
    path(f"{P}invoices/<int:pk>/xml/", views.invoice_xml, name="invoice_xml"),
    path(f"{P}invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path(f"{P}invoices/<int:pk>/payments/new/", views.payment_create, name="payment_create"),
    path(
        f"{P}invoices/<int:pk>/payments/<int:payment_pk>/reverse/",
        views.payment_reverse,
        name="payment_reverse",
    ),
    path(f"{P}receivables/", views.receivables, name="receivables"),
    path(f"{P}network/receivables/", views.network_receivables, name="network_receivables"),
]
